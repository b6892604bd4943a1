import {
  customerHistory,
  lineCouponDuration,
  rememberCoupons,
  type CountedLine,
  type SubscriptionState,
} from '../metrics/history/index.ts';
import type { StripeCoupon, StripeCustomer, StripePrice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenueHistoryRepository, type CustomerHistoryRows } from '../store/revenue-history-repository.ts';
import { revenueLinesRepository } from '../store/revenue-lines-repository.ts';
import { revenueRefsRepository, type Ref } from '../store/revenue-refs-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import type { DerivationContext } from './derivation-context.ts';
import { RevenueChange } from './revenue-change.ts';
import { writeMovementAlerts } from './write-movement-alerts.ts';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/**
 * The coupons of discounts that an invoice names by id alone (webhook payloads aren't expanded): they
 * are found among the customer's subscriptions' and customer record's own discounts. Read only for the
 * customers that need it.
 */
async function couponsByDiscountFor(tx: Queryable, customerIds: readonly string[]): Promise<Map<string, string | StripeCoupon>> {
  const byDiscount = new Map<string, string | StripeCoupon>();
  if (customerIds.length === 0) return byDiscount;
  const objects = objectsRepository(tx);
  for (const { data } of await objects.byCustomers<StripeSubscription>('subscription', customerIds)) {
    rememberCoupons(data.discounts, byDiscount);
    for (const item of data.items.data) rememberCoupons(item.discounts, byDiscount);
  }
  for (const { data } of await objects.getMany<StripeCustomer>('customer', customerIds)) rememberCoupons([data.discount], byDiscount);
  return byDiscount;
}

/** The prices and coupons a customer's history read: a change to one of them derives it again. */
function historyRefs(customerId: string, lines: readonly CountedLine[], byDiscount: ReadonlyMap<string, string | StripeCoupon>): Ref[] {
  const refs = new Map<string, Ref>();
  const add = (refType: Ref['refType'], refId: string | null) => refId !== null && refs.set(`${refType}:${refId}`, { refType, refId, ownerId: customerId });
  for (const line of lines) {
    add('price', line.priceId);
    for (const discount of line.discounts) {
      const named = byDiscount.get(discount.discountId);
      add('coupon', discount.couponId ?? (typeof named === 'string' ? named : (named?.id ?? null)));
    }
  }
  return [...refs.values()];
}

/**
 * Derives these customers' history again (rules 10–12) from their counted invoice lines and their
 * subscriptions' current state, and records whether they pay and when time changes that.
 */
export async function deriveHistories(tx: Queryable, customerIds: readonly string[], ctx: DerivationContext): Promise<RevenueChange> {
  const change = new RevenueChange();
  if (customerIds.length === 0) return change;
  const objects = objectsRepository(tx);
  const lines = await revenueLinesRepository(tx).byCustomers(customerIds);
  const states = await revenueSubscriptionsRepository(tx).byCustomers(customerIds);
  const prices = new Map(
    (await objects.getMany<StripePrice>('price', [...new Set(lines.flatMap((l) => (l.priceId === null ? [] : [l.priceId])))])).map((r) => [r.id, r.data]),
  );
  // Another invoice of the customer may have expanded the discount that this one names by id alone.
  const named = new Map<string, string>();
  for (const line of lines) for (const d of line.discounts) if (d.couponId !== null) named.set(d.discountId, d.couponId);
  const unresolved = lines.filter((l) => l.discounts.some((d) => d.couponId === null && !named.has(d.discountId)));
  const byDiscount = await couponsByDiscountFor(tx, [...new Set(unresolved.map((l) => l.customerId))]);
  for (const [discountId, couponId] of named) if (!byDiscount.has(discountId)) byDiscount.set(discountId, couponId);
  const couponIds = new Set<string>();
  for (const line of lines) for (const d of line.discounts) if (d.couponId !== null) couponIds.add(d.couponId);
  for (const named of byDiscount.values()) couponIds.add(typeof named === 'string' ? named : named.id);
  const coupons = new Map((await objects.getMany<StripeCoupon>('coupon', [...couponIds])).map((r) => [r.id, r.data]));
  const lineContext = { prices, couponDuration: lineCouponDuration(coupons, byDiscount), policy: ctx.policy };

  const now = ctx.now();
  const linesOf = groupBy(lines, (l) => l.customerId);
  const statesOf = groupBy(states, (s) => s.customerId);
  const histories: CustomerHistoryRows[] = [];
  const trials: Array<{ subscriptionId: string; endedAt: number | null; converted: boolean }> = [];
  const refs: Ref[] = [];
  for (const customerId of customerIds) {
    const own = statesOf.get(customerId) ?? [];
    const ownLines = linesOf.get(customerId) ?? [];
    const history = customerHistory({ lines: ownLines, subscriptions: own as SubscriptionState[], lineContext, rates: ctx.rates, now });
    let nextChange = history.nextChange;
    for (const state of own) if (state.nextChange !== null && (nextChange === null || state.nextChange < nextChange)) nextChange = state.nextChange;
    histories.push({ customerId, intervals: history.intervals, changes: history.changes, paying: history.paying, nextChange });
    for (const [subscriptionId, outcome] of history.trials) trials.push({ subscriptionId, ...outcome });
    refs.push(...historyRefs(customerId, ownLines, byDiscount));
    change.added.push(...history.changes);
  }
  ctx.counters.historiesDerived += histories.length;

  const old = await revenueHistoryRepository(tx).replace(histories);
  change.removed.push(...old.changes);
  if (ctx.alerts) await writeMovementAlerts(tx, histories, old, { now, rates: ctx.rates, alerts: ctx.alerts });
  const payingBefore = new Map(old.customers.map((c) => [c.customerId, c.paying]));
  for (const h of histories) change.delta.customer({ payingBefore: payingBefore.get(h.customerId) ?? false, payingAfter: h.paying });
  await revenueSubscriptionsRepository(tx).setTrials(trials);
  await revenueRefsRepository(tx).replace('customer', customerIds, refs);
  return change;
}
