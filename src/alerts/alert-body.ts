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

/** A subscription's trial ends within the rule's days. */
export interface TrialEndingAlertBody extends AlertBodyBase {
  type: 'trial_ending';
  /** ISO 8601. */
  trial_end: string;
  /** Set to cancel when the trial ends rather than convert. */
  cancel_at_period_end: boolean;
}

/** A subscription was set to end: its MRR will churn then unless it is taken back. */
export interface ScheduledCancellationAlertBody extends AlertBodyBase {
  type: 'scheduled_cancellation';
  /** ISO 8601: when it ends. */
  cancel_at: string;
  /** The subscription's MRR that will go. */
  mrr: MoneyJson | null;
}

export type LifecycleAlertBody =
  | PaymentFailedAlertBody
  | PaymentRecoveredAlertBody
  | RefundAlertBody
  | DisputeAlertBody
  | TrialEndingAlertBody
  | ScheduledCancellationAlertBody;

/** An amount already in the reporting currency. */
export interface ReportingAmount {
  currency: string;
  /** Integer minor units. */
  amount: number;
}

/** About the whole account, not one customer. */
interface AccountAlertBase {
  id: string;
  occurred_at: string;
  livemode: boolean | null;
  rule: string;
}

/** The account's MRR went past a threshold the rule names. */
export interface MrrThresholdAlertBody extends AccountAlertBase {
  type: 'mrr_threshold';
  direction: 'up' | 'down';
  threshold: ReportingAmount;
  mrr: ReportingAmount;
}

/** The account's MRR moved more than the rule's percent against a week before (whole UTC days, as GET /api/metrics/mrr). */
export interface MrrWeekOnWeekAlertBody extends AccountAlertBase {
  type: 'mrr_week_on_week';
  from: string;
  to: string;
  mrr_at_from: ReportingAmount;
  mrr_at_to: ReportingAmount;
  /** Decimal string, two places, signed. */
  change_pct: string;
}

export interface DigestCustomer {
  customer: AlertCustomer;
  /** Reporting minor units. */
  change: number;
}

export interface AtRiskSubscription {
  customer: AlertCustomer;
  subscription_id: string;
  status: string;
  /** ISO 8601; null unless it is set to end. */
  cancel_at: string | null;
  mrr: ReportingAmount | null;
}

export interface AtRiskList {
  count: number;
  /** Their MRR together, reporting minor units; null when one has no rate. */
  mrr: number | null;
  subscriptions: AtRiskSubscription[];
}

/** What happened over a digest's period: the numbers of explain_change and GET /api/metrics/mrr for the same days. */
export interface DigestAlertBody extends AccountAlertBase {
  type: 'digest';
  /** Whole UTC days: MRR at the end of `from` to the end of `to`. */
  period: { from: string; to: string };
  currency: string;
  mrr_at_from: number;
  mrr_at_to: number;
  change: number;
  by_type: Record<MovementKind, number>;
  biggest_movers: DigestCustomer[];
  /** Subscriptions now past due (or unpaid), and those set to end; the first few of each, by MRR. */
  at_risk: { past_due: AtRiskList; scheduled_to_cancel: AtRiskList };
  /** Alerts held back for this digest by a channel's quiet hours or daily cap; filled in per channel as it is sent. */
  deferred: Array<CustomerAlertBody | AccountAlertBody>;
}

export type AccountAlertBody = MrrThresholdAlertBody | MrrWeekOnWeekAlertBody | DigestAlertBody;

/** What happened to one customer: rules route these by type and filters. */
export type CustomerAlertBody = MovementAlertBody | LifecycleAlertBody;

/** Alerts that came due together on a channel that groups bursts, sent as one message. */
export interface GroupAlertBody {
  type: 'group';
  /** Made from its alerts' ids: the same alerts grouped again make the same id. */
  id: string;
  occurred_at: string;
  livemode: boolean | null;
  alerts: Array<CustomerAlertBody | AccountAlertBody>;
}

/** What a receiver gets: one JSON object per alert (or group of them), told apart by `type`. */
export type AlertBody = CustomerAlertBody | AccountAlertBody | GroupAlertBody;

export interface Alert {
  id: string;
  body: AlertBody;
  rule: string;
  /** Sent through quiet hours, cooldowns and daily caps. */
  urgent: boolean;
  /** The names of the channels it goes to: the rule's. */
  channels: readonly string[];
}
