import type { MovementKind } from '../metrics/history/index.ts';

export interface MinorAmount {
  currency: string;
  /** Integer minor units of `currency`. */
  amount: number;
}

/** An amount per currency, and their sum in the reporting currency (null when a currency has no rate). */
export interface MoneyJson {
  by_currency: MinorAmount[];
  reporting: { currency: string; amount: number | null };
}

/** What a receiver gets: one JSON object per alert. */
export interface AlertBody {
  /** Also the webhook-id header: the same on every retry. */
  id: string;
  type: MovementKind | 'test';
  /** ISO 8601: when the movement took effect. */
  occurred_at: string;
  /** Stripe's live or test mode; null while the service can't tell. */
  livemode: boolean | null;
  customer: { id: string; name: string | null; email: string | null };
  subscription_id: string | null;
  mrr_change: MoneyJson;
  /** The customer's MRR right after the movement. */
  mrr: MoneyJson;
}

export interface Alert {
  id: string;
  body: AlertBody;
}
