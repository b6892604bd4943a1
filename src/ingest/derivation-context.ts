import type { AlertRule } from '../alerts/alert-rules.ts';
import type { DiscountPolicy, RatesConfig } from '../metrics/index.ts';
import type { ObjectType } from '../metrics/stripe-shapes.ts';

/** A subscription the engine refused to price (say, a tiered price stored without its tiers). */
export type UnpricedHandler = (subscriptionId: string, reason: string) => void;

/** An object from a sync page whose shape can't be read: it is left out, and the sync goes on. */
export type UnreadableHandler = (type: ObjectType, id: string, reason: string) => void;

/** How much derivation work was done: what tests assert a change cost, counted rather than timed. */
export interface DerivationCounters {
  subscriptionsPriced: number;
  historiesDerived: number;
}

/** Everything a derivation reads besides the store. */
export interface DerivationContext {
  policy: DiscountPolicy;
  rates: RatesConfig;
  /** Unix seconds. */
  now: () => number;
  onUnpriced: UnpricedHandler;
  onUnreadable: UnreadableHandler;
  counters: DerivationCounters;
  /** Set when there are rules (the default ones send to the dashboard's feed): movements and payment lifecycles then write alerts to the outbox. */
  alerts?: AlertSettings;
}

export interface AlertSettings {
  /** Stripe's live or test mode as the service knows it when the alert is written. */
  livemode: () => boolean | null;
  rules: readonly AlertRule[];
  /** The account's MRR in the reporting currency (minor units), for rules that measure a change against it. */
  accountMrr: () => number;
}
