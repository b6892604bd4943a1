/**
 * What one billing period of a price costs for a quantity, in the currency's minor unit. Only the
 * generated invoices and charges use it, so they agree with their subscriptions; it is not the
 * metrics engine's arithmetic and need not round the way an invoice line does.
 */
import type { StripePrice } from '../metrics/stripe-shapes.ts';

function unitAmount(value: { unit_amount: number | null; unit_amount_decimal: string | null }): number {
  if (value.unit_amount_decimal !== null) return Number(value.unit_amount_decimal);
  return value.unit_amount ?? 0;
}

function tieredAmount(price: StripePrice, quantity: number): number {
  const tiers = price.tiers ?? [];
  if (price.tiers_mode === 'volume') {
    const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to);
    return tier ? unitAmount(tier) * quantity + (tier.flat_amount ?? 0) : 0;
  }
  let total = 0;
  let lower = 0;
  for (const tier of tiers) {
    if (quantity <= lower) break;
    const upper = tier.up_to ?? Infinity;
    total += unitAmount(tier) * (Math.min(quantity, upper) - lower) + (tier.flat_amount ?? 0);
    lower = upper;
  }
  return total;
}

export function periodAmount(price: StripePrice, quantity: number): number {
  let billed = quantity;
  if (price.transform_quantity) {
    const divided = quantity / price.transform_quantity.divide_by;
    billed = price.transform_quantity.round === 'up' ? Math.ceil(divided) : Math.floor(divided);
  }
  const amount = price.billing_scheme === 'tiered' ? tieredAmount(price, billed) : unitAmount(price) * billed;
  return Math.round(amount);
}
