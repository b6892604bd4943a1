// Stripe-shaped builders for the unit tables: each case states only what differs from a plain,
// active, monthly, per-unit USD subscription.
import type { PricingContext } from './pricing-context.ts';
import type {
  StripeCoupon,
  StripeCustomer,
  StripeDiscount,
  StripePrice,
  StripeSubscription,
  StripeSubscriptionItem,
  StripeTaxRate,
} from './stripe-shapes.ts';

export const AS_OF = 1_750_000_000;
export const DAY = 86_400;

let counter = 0;
const nextId = (prefix: string): string => `${prefix}_${++counter}`;

export function price(overrides: Partial<StripePrice> = {}): StripePrice {
  return {
    id: nextId('price'),
    object: 'price',
    active: true,
    currency: 'usd',
    created: AS_OF - 100 * DAY,
    product: 'prod_1',
    type: 'recurring',
    billing_scheme: 'per_unit',
    unit_amount: 1000,
    unit_amount_decimal: '1000',
    tiers_mode: null,
    transform_quantity: null,
    recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
    tax_behavior: 'unspecified',
    ...overrides,
  };
}

/** A per-unit price given by its integer unit amount, as Stripe returns both fields. */
export const unitPrice = (unitAmount: number, overrides: Partial<StripePrice> = {}): StripePrice =>
  price({ unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), ...overrides });

export const every = (
  interval: 'day' | 'week' | 'month' | 'year',
  intervalCount = 1,
): NonNullable<StripePrice['recurring']> => ({ interval, interval_count: intervalCount, usage_type: 'licensed' });

export function item(p: StripePrice, overrides: Partial<StripeSubscriptionItem> = {}): StripeSubscriptionItem {
  return {
    id: nextId('si'),
    object: 'subscription_item',
    subscription: 'sub_x',
    created: AS_OF - 30 * DAY,
    price: p,
    quantity: 1,
    discounts: [],
    tax_rates: [],
    current_period_start: AS_OF - 10 * DAY,
    current_period_end: AS_OF + 20 * DAY,
    ...overrides,
  };
}

export function subscription(
  items: StripeSubscriptionItem[],
  overrides: Partial<StripeSubscription> = {},
): StripeSubscription {
  return {
    id: nextId('sub'),
    object: 'subscription',
    customer: 'cus_1',
    currency: 'usd',
    status: 'active',
    created: AS_OF - 30 * DAY,
    start_date: AS_OF - 30 * DAY,
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    trial_start: null,
    trial_end: null,
    pause_collection: null,
    discounts: [],
    default_tax_rates: null,
    items: { object: 'list', data: items, has_more: false, url: '/v1/subscription_items' },
    ...overrides,
  };
}

export function coupon(overrides: Partial<StripeCoupon> = {}): StripeCoupon {
  return {
    id: nextId('coupon'),
    object: 'coupon',
    amount_off: null,
    currency: null,
    percent_off: null,
    duration: 'forever',
    duration_in_months: null,
    valid: true,
    created: AS_OF - 100 * DAY,
    ...overrides,
  };
}

export const percentOff = (percent: number, overrides: Partial<StripeCoupon> = {}): StripeCoupon =>
  coupon({ percent_off: percent, ...overrides });

export const amountOff = (amount: number, currency = 'usd', overrides: Partial<StripeCoupon> = {}): StripeCoupon =>
  coupon({ amount_off: amount, currency, ...overrides });

/** Embeds the coupon object, as the sync's expanded discounts do. */
export function discount(c: StripeCoupon | string, overrides: Partial<StripeDiscount> = {}): StripeDiscount {
  return {
    id: nextId('di'),
    object: 'discount',
    customer: 'cus_1',
    subscription: null,
    subscription_item: null,
    start: AS_OF - 30 * DAY,
    end: null,
    source: { type: 'coupon', coupon: c },
    ...overrides,
  };
}

export function taxRate(percentage: number, inclusive: boolean): StripeTaxRate {
  return { id: nextId('txr'), object: 'tax_rate', percentage, inclusive, active: true };
}

export function customer(overrides: Partial<StripeCustomer> = {}): StripeCustomer {
  return {
    id: 'cus_1',
    object: 'customer',
    created: AS_OF - 100 * DAY,
    email: null,
    name: null,
    currency: 'usd',
    discount: null,
    ...overrides,
  };
}

export function context(overrides: Partial<PricingContext> = {}): PricingContext {
  return { prices: new Map(), coupons: new Map(), customer: undefined, policy: 'forever', asOf: AS_OF, ...overrides };
}

