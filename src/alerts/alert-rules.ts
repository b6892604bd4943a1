import type { MovementKind } from '../metrics/history/index.ts';

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const satisfies readonly MovementKind[];

export const LIFECYCLE_KINDS = ['payment_failed', 'payment_recovered', 'trial_ending', 'scheduled_cancellation', 'refund', 'dispute'] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];

interface RuleBase {
  /** Unique in the file: part of every alert id the rule makes, so a redelivered event finds its alert taken. */
  name: string;
  /** Channel names. */
  channels: string[];
  /** Sent through quiet hours, cooldowns and the daily cap. */
  urgent: boolean;
}

/** Amounts are minor units of the reporting currency. */
export interface MovementRule extends RuleBase {
  kind: 'movement';
  types: MovementKind[];
  minAmount?: number;
  /** Percent of the account's MRR (reporting currency) that the change must reach. */
  minPctOfMrr?: number;
  /** Price, product or plan ids; the subscription must have one of them. */
  plans?: string[];
  /** The customer's MRR after the movement. */
  customerMrr?: { min?: number; max?: number };
  /** Every pair must be in the customer's or the subscription's metadata. */
  metadata?: Record<string, string>;
}

export interface LifecycleRule extends RuleBase {
  kind: 'lifecycle';
  types: LifecycleKind[];
  /** The first failed attempt of an invoice's payment that alerts (1: every failure). */
  paymentFailedFromAttempt: number;
  /** How long before a trial ends it alerts. */
  trialEndingDays: number;
}

/** Amounts are minor units of the reporting currency. */
export interface MetricRule extends RuleBase {
  kind: 'metric';
  /** MRR crossing any of these, either way. */
  mrrCrosses: number[];
  /** MRR moving more than this percent against the same moment a week before. */
  weekOnWeekPct?: number;
}

export interface DigestRule extends RuleBase {
  kind: 'digest';
  /** Five-field cron, read in `timeZone`. */
  schedule: string;
  timeZone: string;
  /** How many of the biggest movers it names. */
  top: number;
}

export type AlertRule = MovementRule | LifecycleRule | MetricRule | DigestRule;

/** Minutes after local midnight. */
export interface QuietHours {
  from: number;
  to: number;
  timeZone: string;
}

/** How a channel paces what it sends. */
export interface ChannelPolicy {
  quietHours?: QuietHours;
  /** Least time between two messages; what comes due meanwhile waits and goes as one message. */
  cooldownSeconds: number;
  /** Most messages a day (in the quiet hours' time zone, else UTC); past it, alerts wait for the next digest. */
  dailyCap?: number;
  /** This many alerts or more due at once go as one grouped message; 0: never grouped. */
  groupFrom: number;
}

/**
 * Without alerts.yaml: every movement, and every payment failure, recovery, refund and dispute, to every
 * channel the environment sets.
 */
export function defaultAlertRules(channels: readonly string[], paymentFailedFromAttempt: number): AlertRule[] {
  if (channels.length === 0) return [];
  const base = { channels: [...channels], urgent: false };
  return [
    { ...base, name: 'movements', kind: 'movement', types: [...MOVEMENT_KINDS] },
    {
      ...base,
      name: 'payments',
      kind: 'lifecycle',
      types: ['payment_failed', 'payment_recovered', 'refund', 'dispute'],
      paymentFailedFromAttempt,
      trialEndingDays: 3,
    },
  ];
}
