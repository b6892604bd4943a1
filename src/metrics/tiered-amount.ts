import { decimalAmount } from './decimal-amount.ts';
import { Dec } from './exact.ts';
import type { StripePriceTier } from './stripe-shapes.ts';

const unitPrice = (tier: StripePriceTier): Dec => decimalAmount(tier.unit_amount_decimal, tier.unit_amount) ?? new Dec(0);
const flatFee = (tier: StripePriceTier): Dec => decimalAmount(tier.flat_amount_decimal, tier.flat_amount) ?? new Dec(0);

/** Volume: every unit at the rate of the tier that contains the quantity, plus that tier's flat fee. */
export function volumeAmount(tiers: readonly StripePriceTier[], quantity: number): Dec {
  const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to);
  if (tier === undefined) throw new RangeError(`quantity ${quantity} is above the last tier`);
  return unitPrice(tier).times(quantity).plus(flatFee(tier));
}

/**
 * Graduated: each tier prices the units that fall in it, plus the flat fee of every tier touched. The
 * first tier counts as touched even at quantity 0, as volume pricing charges its flat fee there too.
 */
export function graduatedAmount(tiers: readonly StripePriceTier[], quantity: number): Dec {
  let total = new Dec(0);
  let below = 0;
  for (const [index, tier] of tiers.entries()) {
    if (index > 0 && quantity <= below) break;
    const top = tier.up_to === null ? quantity : Math.min(quantity, tier.up_to);
    total = total.plus(unitPrice(tier).times(Math.max(0, top - below))).plus(flatFee(tier));
    if (tier.up_to === null) break;
    below = tier.up_to;
  }
  return total;
}
