/** Builds the catalog side of an account: coupons, the discounts that apply them, and prices. */
import type { StripeCoupon, StripeDiscount, StripePrice, StripePriceTier } from '../metrics/stripe-shapes.ts';
import type { CouponInput, DiscountInput, PriceInput, TierInput } from './builder-inputs.ts';
import { shiftPeriods } from './calendar.ts';
import type { EmulatorState } from './state.ts';

export function buildCoupon(state: EmulatorState, input: CouponInput): StripeCoupon {
  const duration = input.duration ?? 'forever';
  const amountOff = input.amountOff ?? null;
  return state.add('coupon', {
    id: input.id ?? state.ids.next('coupon'),
    object: 'coupon',
    amount_off: amountOff,
    currency: amountOff === null ? null : (input.currency ?? 'usd'),
    percent_off: amountOff === null ? (input.percentOff ?? 10) : null,
    duration,
    duration_in_months: duration === 'repeating' ? (input.durationInMonths ?? 3) : null,
    valid: input.valid ?? true,
    created: input.created ?? state.now(),
  });
}

/** Discounts live in the state's discount map; their owners refer to them by id. */
export function buildDiscount(state: EmulatorState, input: DiscountInput): StripeDiscount {
  const start = input.start ?? state.now();
  const months = input.coupon.duration === 'repeating' ? (input.coupon.duration_in_months ?? 0) : null;
  return state.addDiscount({
    id: state.ids.next('di'),
    object: 'discount',
    customer: input.customer ?? null,
    subscription: input.subscription ?? null,
    subscription_item: input.subscriptionItem ?? null,
    start,
    end: months === null ? null : shiftPeriods(start, 'month', months, 1),
    source: { type: 'coupon', coupon: input.coupon.id },
  });
}

/** Stripe sends both forms of an amount; the integer one is null when the amount has a fraction. */
function amountPair(decimal: string | null): { integer: number | null; decimal: string | null } {
  const integer = decimal !== null && Number.isInteger(Number(decimal)) ? Number(decimal) : null;
  return { integer, decimal };
}

function buildTier(input: TierInput): StripePriceTier {
  const unit = amountPair(input.unitAmountDecimal ?? (input.unitAmount == null ? null : String(input.unitAmount)));
  return {
    up_to: input.upTo,
    unit_amount: unit.integer,
    unit_amount_decimal: unit.decimal,
    flat_amount: input.flatAmount ?? null,
    flat_amount_decimal: input.flatAmount == null ? null : String(input.flatAmount),
  };
}

export function buildPrice(state: EmulatorState, input: PriceInput): StripePrice {
  const interval = input.interval === undefined ? 'month' : input.interval;
  const tiered = input.tiers !== undefined;
  const unit = amountPair(tiered ? null : (input.unitAmountDecimal ?? String(input.unitAmount ?? 1000)));
  const price: StripePrice = {
    id: state.ids.next('price'),
    object: 'price',
    active: input.active ?? true,
    currency: input.currency ?? 'usd',
    created: input.created ?? state.now(),
    product: input.product ?? state.ids.next('prod'),
    type: interval === null ? 'one_time' : 'recurring',
    billing_scheme: tiered ? 'tiered' : 'per_unit',
    unit_amount: unit.integer,
    unit_amount_decimal: unit.decimal,
    tiers_mode: tiered ? (input.tiersMode ?? 'graduated') : null,
    transform_quantity: input.transformQuantity
      ? { divide_by: input.transformQuantity.divideBy, round: input.transformQuantity.round }
      : null,
    recurring:
      interval === null
        ? null
        : {
            interval,
            interval_count: input.intervalCount ?? 1,
            usage_type: input.usageType ?? 'licensed',
            meter: input.usageType === 'metered' ? state.ids.next('mtr') : null,
          },
    tax_behavior: input.taxBehavior ?? 'unspecified',
  };
  if (input.tiers) price.tiers = input.tiers.map(buildTier);
  return state.add('price', price);
}
