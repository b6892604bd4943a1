import { decimalAmount } from './decimal-amount.ts';
import type { Dec } from './exact.ts';
import type { StripePrice } from './stripe-shapes.ts';
import { graduatedAmount, volumeAmount } from './tiered-amount.ts';

/** Units billed after transform_quantity, e.g. per 5 seats rounded up. */
export function billedQuantity(price: StripePrice, quantity: number): number {
  const transform = price.transform_quantity;
  if (transform === null) return quantity;
  const ratio = quantity / transform.divide_by;
  return transform.round === 'up' ? Math.ceil(ratio) : Math.floor(ratio);
}

/** One billing period's amount for one item, before discounts and tax, in minor units (rule 2). */
export function periodAmount(price: StripePrice, quantity: number): Dec {
  const q = billedQuantity(price, quantity);
  if (price.billing_scheme === 'tiered') {
    // Silently pricing at 0 would understate MRR; a missing tier list is a sync bug to surface.
    if (price.tiers === undefined || price.tiers.length === 0) {
      throw new Error(`price ${price.id} is tiered but has no tiers; store prices fetched with expand[]=data.tiers`);
    }
    return price.tiers_mode === 'volume' ? volumeAmount(price.tiers, q) : graduatedAmount(price.tiers, q);
  }
  const unit = decimalAmount(price.unit_amount_decimal, price.unit_amount);
  if (unit === undefined) throw new Error(`price ${price.id} is per_unit but has no unit amount`);
  return unit.times(q);
}
