import type { CustomerChange, MrrInterval } from '../metrics/history/index.ts';
import type { RatesConfig } from '../metrics/index.ts';
import type { MinorAmount, MovementAlertBody } from './alert-body.ts';
import { alertMoney } from './alert-money.ts';

/** Only what happened within this window alerts: a first sync deriving years of history stays quiet. */
export const RECENT_SECONDS = 24 * 60 * 60;

export interface CustomerMovements {
  customerId: string;
  /** The history derived now. */
  changes: readonly CustomerChange[];
  intervals: readonly MrrInterval[];
  /** The history it replaced, and when that one expected time alone to change it next. */
  oldChanges: readonly CustomerChange[];
  oldNextChange: number | null;
}

export interface MovementAlertContext {
  /** Unix seconds. */
  now: number;
  rates: RatesConfig;
  livemode: boolean | null;
  customer(id: string): { name: string | null; email: string | null };
}

const changeKey = (change: Pick<CustomerChange, 'at' | 'kind' | 'amounts'>) =>
  `${change.at}:${change.kind}:${change.amounts.map((a) => `${a.currency}=${a.amount}`).join(',')}`;

/** The id an alert keeps whatever derives it again: a redelivered event or a re-derivation finds it taken. */
export const movementAlertId = (customerId: string, change: Pick<CustomerChange, 'at' | 'kind'>) => `movement:${customerId}:${change.at}:${change.kind}`;

/**
 * The recent movements a derivation brought: those the old history lacked, and those it held only as
 * due in its future (a cancellation at period end), which time alone has now made happen.
 */
export function newRecentChanges(customer: CustomerMovements, now: number): CustomerChange[] {
  const known = new Set(customer.oldChanges.filter((c) => customer.oldNextChange === null || c.at < customer.oldNextChange).map(changeKey));
  return customer.changes.filter((change) => change.at >= now - RECENT_SECONDS && change.at <= now && !known.has(changeKey(change)));
}

/** What each recent movement says, before the rules route it. */
export function movementBodies(customer: CustomerMovements, ctx: MovementAlertContext): MovementAlertBody[] {
  const changes = newRecentChanges(customer, ctx.now);
  if (changes.length === 0) return [];
  const { name, email } = ctx.customer(customer.customerId);
  return changes.map((change) => ({
    id: movementAlertId(customer.customerId, change),
    type: change.kind,
    occurred_at: new Date(change.at * 1000).toISOString(),
    livemode: ctx.livemode,
    customer: { id: customer.customerId, name, email },
    subscription_id: subscriptionAt(customer.intervals, change.at),
    mrr_change: alertMoney(change.amounts, ctx.rates),
    mrr: alertMoney(mrrAt(customer.intervals, change.at), ctx.rates),
  }));
}

/** The subscription whose MRR starts (or, for a churn, ends) at that instant. */
function subscriptionAt(intervals: readonly MrrInterval[], at: number): string | null {
  return (intervals.find((i) => i.start === at) ?? intervals.find((i) => i.end === at))?.subscriptionId ?? null;
}

function mrrAt(intervals: readonly MrrInterval[], at: number): MinorAmount[] {
  const totals = new Map<string, number>();
  for (const i of intervals) if (i.start <= at && (i.end === null || i.end > at)) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.mrr);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}
