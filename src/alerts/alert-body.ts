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

export interface AlertCustomer {
  id: string;
  name: string | null;
  email: string | null;
}

/** What every alert says, whatever its type. */
interface AlertBodyBase {
  /** Also the webhook-id header: the same on every retry. */
  id: string;
  /** ISO 8601: when it happened, or when the service first saw it happen. */
  occurred_at: string;
  /** Stripe's live or test mode; null while the service can't tell. */
  livemode: boolean | null;
  customer: AlertCustomer;
  subscription_id: string | null;
  /** The rule that sent it (alerts.yaml, or the default rules); absent on a test alert. */
  rule?: string;
}

export interface MovementAlertBody extends AlertBodyBase {
  type: MovementKind | 'test';
  mrr_change: MoneyJson;
  /** The customer's MRR right after the movement. */
  mrr: MoneyJson;
}

/** An invoice's payment attempt failed. */
export interface PaymentFailedAlertBody extends AlertBodyBase {
  type: 'payment_failed';
  invoice_id: string;
  /** What the invoice asks to be paid. */
  amount: MoneyJson;
  attempt_count: number;
  /** ISO 8601; null when Stripe won't retry by itself. */
  next_payment_attempt: string | null;
}

/** An invoice whose payment had failed is paid. */
export interface PaymentRecoveredAlertBody extends AlertBodyBase {
  type: 'payment_recovered';
  invoice_id: string;
  amount: MoneyJson;
  /** Including the one that succeeded. */
  attempt_count: number;
}

/** Money given back on a charge; a charge made without a customer has none. */
export interface RefundAlertBody extends Omit<AlertBodyBase, 'customer'> {
  type: 'refund';
  customer: AlertCustomer | null;
  charge_id: string;
  /** This refund. */
  amount: MoneyJson;
  /** All refunded on the charge so far, this refund included. */
  amount_refunded: MoneyJson;
}

/** A charge is disputed by the card holder. */
export interface DisputeAlertBody extends Omit<AlertBodyBase, 'customer'> {
  type: 'dispute';
  customer: AlertCustomer | null;
  charge_id: string;
  /** What the charge took. */
  amount: MoneyJson;
}

export type LifecycleAlertBody = PaymentFailedAlertBody | PaymentRecoveredAlertBody | RefundAlertBody | DisputeAlertBody;

/** What a receiver gets: one JSON object per alert, told apart by `type`. */
export type AlertBody = MovementAlertBody | LifecycleAlertBody;

export interface Alert {
  id: string;
  body: AlertBody;
  rule: string;
  /** Sent through quiet hours, cooldowns and daily caps. */
  urgent: boolean;
  /** The names of the channels it goes to. */
  channels: readonly string[];
}
