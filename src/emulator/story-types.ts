/** The vocabulary of a generated subscription's story, shared by the decisions and the plan changes. */
import type { InvoiceStatus, StripeCoupon, StripePrice, SubscriptionStatus } from '../metrics/stripe-shapes.ts';
import type { Cadence, CatalogPrice } from './generate-catalog.ts';
import type { Rng } from './prng.ts';

export type Fate =
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'collection_paused'
  | 'churned'
  | 'failed_churn'
  | 'trial_lapsed'
  | 'trialing'
  | 'paused'
  | 'incomplete'
  | 'incomplete_expired';

export interface StoryItem {
  price: StripePrice;
  quantity?: number;
  coupons: StripeCoupon[];
}

/** From period `boundary` on, item `item` has this price and quantity. */
export interface ItemChange {
  boundary: number;
  item: number;
  price: StripePrice;
  quantity?: number;
}

export interface SubscriptionStory {
  fate: Fate;
  status: SubscriptionStatus;
  cadence: Cadence;
  created: number;
  trialEnd: number | null;
  /** Where billing periods start counting: the trial end, or the start. */
  anchor: number;
  items: StoryItem[];
  changes: ItemChange[];
  /** Periods 0 … billed-1 are invoiced: all paid but the last, which is `lastInvoice`. */
  billed: number;
  lastInvoice: InvoiceStatus;
  /** Periods 0 … counted-1 count toward MRR; `countsNow` keeps the last span open. */
  counted: number;
  countsNow: boolean;
  endedAt: number | null;
  canceledAt: number | null;
  cancelAtPeriodEnd: boolean;
  pauseResumesAt: number | null;
  currentPeriod: { start: number; end: number };
}

export interface StoryInput {
  rng: Rng;
  fate: Fate;
  cadence: Cadence;
  start: number;
  now: number;
  items: StoryItem[];
  /** The catalog entries a plan change can move to. */
  choices: readonly CatalogPrice[];
}
