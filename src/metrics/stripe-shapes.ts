/**
 * The parts of Stripe's objects (API version pinned by the `stripe` SDK) that the service reads, as they
 * arrive in JSON and as they are stored. Decimal fields stay strings: they can hold fractions of a cent.
 * These are the shared vocabulary of the emulator, the sync, the store and the metrics engine.
 */

export type Currency = string;

/** The kinds of Stripe object the service keeps. */
export type ObjectType = 'customer' | 'subscription' | 'price' | 'coupon' | 'charge' | 'invoice' | 'credit_note';

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
  total_count?: number;
}

export type CouponDuration = 'forever' | 'once' | 'repeating';

export interface StripeCoupon {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  currency: Currency | null;
  percent_off: number | null;
  duration: CouponDuration;
  duration_in_months: number | null;
  valid: boolean;
  created: number;
  deleted?: boolean;
}

export interface StripeDiscount {
  id: string;
  object: 'discount';
  customer: string | null;
  subscription: string | null;
  subscription_item: string | null;
  start: number;
  end: number | null;
  source: { type: 'coupon'; coupon: string | StripeCoupon | null };
}

export interface StripePriceTier {
  up_to: number | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  flat_amount: number | null;
  flat_amount_decimal: string | null;
}

export interface StripePrice {
  id: string;
  object: 'price';
  active: boolean;
  currency: Currency;
  created: number;
  product: string;
  type: 'recurring' | 'one_time';
  billing_scheme: 'per_unit' | 'tiered';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  tiers_mode: 'graduated' | 'volume' | null;
  /** Present only when listed or retrieved with `expand[]=tiers` (or `data.tiers`). */
  tiers?: StripePriceTier[];
  transform_quantity: { divide_by: number; round: 'up' | 'down' } | null;
  recurring: {
    interval: 'day' | 'week' | 'month' | 'year';
    interval_count: number;
    usage_type: 'licensed' | 'metered';
    meter?: string | null;
  } | null;
  tax_behavior: 'exclusive' | 'inclusive' | 'unspecified' | null;
  deleted?: boolean;
}

export interface StripeTaxRate {
  id: string;
  object: 'tax_rate';
  percentage: number;
  inclusive: boolean;
  active: boolean;
}

export interface StripeSubscriptionItem {
  id: string;
  object: 'subscription_item';
  subscription: string;
  created: number;
  price: StripePrice;
  quantity: number | null;
  /** Ids unless expanded (`expand[]=data.items.data.discounts`). */
  discounts: Array<string | StripeDiscount>;
  tax_rates: StripeTaxRate[];
  current_period_start: number;
  current_period_end: number;
}

export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

export interface StripeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  currency: Currency;
  status: SubscriptionStatus;
  created: number;
  start_date: number;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  trial_start: number | null;
  trial_end: number | null;
  pause_collection: { behavior: string; resumes_at: number | null } | null;
  /** Ids unless expanded (`expand[]=data.discounts`). */
  discounts: Array<string | StripeDiscount>;
  default_tax_rates: StripeTaxRate[] | null;
  /** Stripe embeds at most 10 items; when `has_more` is true the rest come from /v1/subscription_items. */
  items: StripeList<StripeSubscriptionItem>;
}

export interface StripeCustomer {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  name: string | null;
  currency: Currency | null;
  discount: StripeDiscount | null;
  deleted?: boolean;
}

export interface StripeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: Currency;
  customer: string | null;
  created: number;
  status: 'succeeded' | 'pending' | 'failed';
  paid: boolean;
  refunded: boolean;
  invoice?: string | null;
  /** Whether the card holder disputed it. */
  disputed?: boolean;
}

export interface StripeInvoiceLineItem {
  id: string;
  object: 'line_item';
  amount: number;
  currency: Currency;
  quantity: number | null;
  period: { start: number; end: number };
  discount_amounts: Array<{ amount: number; discount: string | StripeDiscount }>;
  /** Ids unless expanded (`expand[]=data.lines.data.discounts`); how a line's discounts name their coupons. */
  discounts?: Array<string | StripeDiscount>;
  parent: {
    type: 'subscription_item_details' | 'invoice_item_details';
    subscription_item_details: {
      subscription: string | null;
      subscription_item: string | null;
      proration: boolean;
    } | null;
    invoice_item_details: { invoice_item: string; subscription: string | null } | null;
  } | null;
  pricing: {
    type: 'price_details';
    price_details: { price: string; product: string } | null;
    unit_amount_decimal: string | null;
  } | null;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface StripeInvoice {
  id: string;
  object: 'invoice';
  customer: string;
  currency: Currency;
  status: InvoiceStatus;
  created: number;
  period_start: number;
  period_end: number;
  total: number;
  amount_paid: number;
  /** Payment attempts so far; a failed one is retried at `next_payment_attempt` (Unix seconds), if at all. */
  attempt_count?: number;
  next_payment_attempt?: number | null;
  status_transitions?: { paid_at?: number | null } | null;
  /** Invoice-level discounts: ids unless expanded (`expand[]=data.discounts`). */
  discounts?: Array<string | StripeDiscount>;
  lines: StripeList<StripeInvoiceLineItem>;
  parent: {
    type: 'subscription_details' | 'quote_details';
    subscription_details: { subscription: string } | null;
  } | null;
}

/**
 * Kept as the historical record of credits. The money a credit note returned is already in its charge's
 * `amount_refunded`, so revenue reads charges and never subtracts a credit note a second time.
 */
export interface StripeCreditNote {
  id: string;
  object: 'credit_note';
  created: number;
  customer: string;
  currency: Currency;
  invoice: string;
  amount: number;
  status: 'issued' | 'void';
  type: 'pre_payment' | 'post_payment';
  reason: 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory' | null;
  refunds: Array<{ amount_refunded: number; refund: string }>;
  out_of_band_amount: number | null;
}

export interface StripeEvent<T = unknown> {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string | null;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null } | null;
  data: { object: T; previous_attributes?: Record<string, unknown> };
}
