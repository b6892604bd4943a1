/**
 * What one billing period of a price costs for a quantity, in the currency's minor unit. The generated
 * invoices, charges and the expected-MRR oracle use it, so they agree with their subscriptions; it is
 * the emulator's own arithmetic, deliberately not the metrics engine's.
 */
import { Decimal } from 'decimal.js';
import type { StripePrice } from '../metrics/stripe-shapes.ts';

const ZERO = new Decimal(0);

function unitAmount(value: { unit_amount: number | null; unit_amount_decimal: string | null }): Decimal {
  if (value.unit_amount_decimal !== null) return new Decimal(value.unit_amount_decimal);
  return new Decimal(value.unit_amount ?? 0);
}

function flatAmount(tier: { flat_amount: number | null }): Decimal {
  return new Decimal(tier.flat_amount ?? 0);
}

function tieredAmount(price: StripePrice, quantity: number): Decimal {
  const tiers = price.tiers ?? [];
  if (price.tiers_mode === 'volume') {
    const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to);
    return tier ? unitAmount(tier).times(quantity).plus(flatAmount(tier)) : ZERO;
  }
  let total = ZERO;
  let lower = 0;
  for (const tier of tiers) {
    if (quantity <= lower) break;
    const upper = tier.up_to ?? Infinity;
    total = total.plus(unitAmount(tier).times(Math.min(quantity, upper) - lower)).plus(flatAmount(tier));
    lower = upper;
  }
  return total;
}

/** The unrounded amount: fractional unit prices can leave a fraction of a minor unit. */
export function exactPeriodAmount(price: StripePrice, quantity: number): Decimal {
  let billed = quantity;
  if (price.transform_quantity) {
    const divided = quantity / price.transform_quantity.divide_by;
    billed = price.transform_quantity.round === 'up' ? Math.ceil(divided) : Math.floor(divided);
  }
  return price.billing_scheme === 'tiered' ? tieredAmount(price, billed) : unitAmount(price).times(billed);
}

/** What an invoice line charges: rounded to the minor unit, half away from zero, as Stripe rounds lines. */
export function periodAmount(price: StripePrice, quantity: number): number {
  return exactPeriodAmount(price, quantity).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
