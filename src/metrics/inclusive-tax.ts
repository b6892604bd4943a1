import { Dec } from './exact.ts';
import type { StripePrice, StripeTaxRate } from './stripe-shapes.ts';

/**
 * What to divide a tax-inclusive amount by to remove the tax (rule 5): 1 + the inclusive rates. An item's
 * own tax_rates replace the subscription's default_tax_rates, as on Stripe's invoices. Exclusive rates are
 * added on top of the price, so they never touch it.
 */
export function inclusiveTaxDivisor(
  price: StripePrice,
  itemRates: readonly StripeTaxRate[],
  subscriptionRates: readonly StripeTaxRate[] | null,
): Dec {
  const one = new Dec(1);
  if (price.tax_behavior !== 'inclusive') return one;
  const rates = itemRates.length > 0 ? itemRates : (subscriptionRates ?? []);
  return rates.filter((r) => r.inclusive).reduce((sum, r) => sum.plus(new Dec(r.percentage).dividedBy(100)), one);
}
