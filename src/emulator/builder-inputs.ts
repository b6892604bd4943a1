/** What the account builder accepts; every field has a default so tests state only what they care about. */
import type { CouponDuration, StripeCoupon, StripeInvoice, StripePrice, StripeSubscription, SubscriptionStatus } from '../metrics/stripe-shapes.ts';
import type { Interval } from './calendar.ts';

export interface CustomerInput {
  created?: number;
  email?: string | null;
  name?: string | null;
  currency?: string | null;
  /** Gives the customer a customer-level discount. */
  coupon?: StripeCoupon;
  deleted?: boolean;
}

export interface TierInput {
  upTo: number | null;
  unitAmount?: number | null;
  unitAmountDecimal?: string | null;
  flatAmount?: number | null;
}

export interface PriceInput {
  currency?: string;
  /** Ignored for tiered prices. */
  unitAmount?: number;
  /** Sub-cent amounts, e.g. '0.5'; wins over unitAmount. */
  unitAmountDecimal?: string;
  /** `null` makes a one-time price. */
  interval?: Interval | null;
  intervalCount?: number;
  usageType?: 'licensed' | 'metered';
  tiers?: TierInput[];
  tiersMode?: 'graduated' | 'volume';
  transformQuantity?: { divideBy: number; round: 'up' | 'down' };
  product?: string;
  active?: boolean;
  created?: number;
  taxBehavior?: 'exclusive' | 'inclusive' | 'unspecified';
}

export interface CouponInput {
  id?: string;
  percentOff?: number;
  /** Needs `currency`. */
  amountOff?: number;
  currency?: string;
  duration?: CouponDuration;
  durationInMonths?: number;
  valid?: boolean;
  created?: number;
}

export interface DiscountInput {
  coupon: StripeCoupon;
  customer?: string | null;
  subscription?: string | null;
  subscriptionItem?: string | null;
  start?: number;
}

export interface SubscriptionItemInput {
  price: StripePrice;
  /** Defaults to 1; metered items have none. */
  quantity?: number;
  coupons?: StripeCoupon[];
}

export interface SubscriptionInput {
  customer: string | { id: string };
  items: SubscriptionItemInput[];
  status?: SubscriptionStatus;
  created?: number;
  /** Free trial length counted from `created`; status defaults to trialing while it runs. */
  trialDays?: number;
  cancelAtPeriodEnd?: boolean;
  /** Needed with status 'canceled'; defaults to the builder's now. */
  endedAt?: number;
  /** When the cancellation was asked for; defaults to `endedAt`. */
  canceledAt?: number;
  /** Overrides the period computed from the clock, e.g. the last billed period of a generated history. */
  currentPeriod?: { start: number; end: number };
  pauseCollection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumesAt: number | null };
  coupons?: StripeCoupon[];
}

export interface ChargeInput {
  customer: string | { id: string } | null;
  amount: number;
  currency?: string;
  status?: 'succeeded' | 'pending' | 'failed';
  amountRefunded?: number;
  created?: number;
  /** The invoice the charge paid (or failed to pay). */
  invoice?: string | null;
}

export interface InvoiceInput {
  subscription: StripeSubscription;
  status?: StripeInvoice['status'];
  created?: number;
  /** Usage billed for metered items. */
  meteredQuantity?: number;
}
