import type { MovementKind } from '../metrics/history/index.ts';
import { convertTotal, type RatesConfig } from '../metrics/index.ts';
import type { AtRiskList, AtRiskSubscription, DigestAlertBody } from './alert-body.ts';
import type { DigestRule } from './alert-rules.ts';

/** How many at-risk subscriptions of each kind a digest names; the count and MRR cover them all. */
const AT_RISK_LISTED = 25;

/** Why MRR moved over the period, in reporting minor units (explain_change's numbers). */
export interface PeriodChange {
  mrrAtFrom: number;
  mrrAtTo: number;
  change: number;
  byType: Record<MovementKind, number>;
  /** Largest change first. */
  customers: ReadonlyArray<{ customerId: string; name: string | null; email: string | null; change: number }>;
}

/** A subscription past due or set to end, with the MRR it holds. */
export interface AtRiskSource {
  subscriptionId: string;
  customerId: string;
  status: string;
  /** Unix seconds; null unless it is set to end. */
  cancelAt: number | null;
  /** Minor units of `currency`; null when not priced. */
  mrr: number | null;
  currency: string | null;
  name: string | null;
  email: string | null;
}

export interface DigestContext {
  /** The scheduled run it is for: part of its id. */
  run: Date;
  period: { from: string; to: string };
  rates: RatesConfig;
  livemode: boolean | null;
}

function atRiskList(rows: readonly AtRiskSource[], rates: RatesConfig): AtRiskList {
  const subscriptions: AtRiskSubscription[] = rows.map((row) => {
    const converted = row.mrr === null || row.currency === null ? undefined : convertTotal(row.mrr, row.currency, rates);
    return {
      customer: { id: row.customerId, name: row.name, email: row.email },
      subscription_id: row.subscriptionId,
      status: row.status,
      cancel_at: row.cancelAt === null ? null : new Date(row.cancelAt * 1000).toISOString(),
      mrr: converted === undefined ? null : { currency: rates.reportingCurrency, amount: converted },
    };
  });
  subscriptions.sort((a, b) => (b.mrr?.amount ?? -1) - (a.mrr?.amount ?? -1) || (a.subscription_id < b.subscription_id ? -1 : 1));
  // A subscription priced in a currency without a rate leaves the sum unknown; an unpriced one adds nothing.
  const unconvertible = rows.some((row) => row.mrr !== null && row.currency !== null && convertTotal(row.mrr, row.currency, rates) === undefined);
  const mrr = unconvertible ? null : subscriptions.reduce((sum, s) => sum + (s.mrr?.amount ?? 0), 0);
  return { count: subscriptions.length, mrr, subscriptions: subscriptions.slice(0, AT_RISK_LISTED) };
}

/** A digest's body: the period's change as explain_change gives it, its biggest movers, and who is at risk now. */
export function digestBody(rule: DigestRule, change: PeriodChange, atRisk: readonly AtRiskSource[], ctx: DigestContext): DigestAlertBody {
  const pastDue = atRisk.filter((row) => row.status === 'past_due' || row.status === 'unpaid');
  const ending = atRisk.filter((row) => row.cancelAt !== null && !pastDue.includes(row));
  return {
    id: `${rule.name}:digest:${ctx.run.toISOString()}`,
    type: 'digest',
    rule: rule.name,
    occurred_at: ctx.run.toISOString(),
    livemode: ctx.livemode,
    period: ctx.period,
    currency: ctx.rates.reportingCurrency,
    mrr_at_from: change.mrrAtFrom,
    mrr_at_to: change.mrrAtTo,
    change: change.change,
    by_type: { ...change.byType },
    biggest_movers: change.customers.slice(0, rule.top).map((c) => ({ customer: { id: c.customerId, name: c.name, email: c.email }, change: c.change })),
    at_risk: { past_due: atRiskList(pastDue, ctx.rates), scheduled_to_cancel: atRiskList(ending, ctx.rates) },
    deferred: [],
  };
}
