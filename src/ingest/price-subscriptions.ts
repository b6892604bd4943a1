import { subscriptionContribution, type CountedMrr } from '../metrics/index.ts';
import { contributionNextChange, pricingRefs } from '../metrics/pricing-inputs.ts';
import { subscriptionState } from '../metrics/history/index.ts';
import type { StripeCoupon, StripeCustomer, StripePrice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenueRefsRepository, type Ref } from '../store/revenue-refs-repository.ts';
import { revenueSubscriptionsRepository, type SubscriptionRevenueRow } from '../store/revenue-subscriptions-repository.ts';
import type { DerivationContext } from './derivation-context.ts';
import { RevenueChange } from './revenue-change.ts';

const counted = (row: SubscriptionRevenueRow): CountedMrr | undefined =>
  row.mrr === null ? undefined : { currency: row.currency, mrr: row.mrr, scheduledChurn: row.scheduledChurn };

function byId<T extends { id: string }>(rows: ReadonlyArray<{ id: string; data: T }>): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row.data]));
}

/**
 * Prices these subscriptions again from their stored state (rules 1–9) and records what each read.
 * Returns the sums' change and the customers whose history must follow.
 */
export async function priceSubscriptions(
  tx: Queryable,
  subscriptionIds: readonly string[],
  ctx: DerivationContext,
): Promise<{ change: RevenueChange; customers: Set<string> }> {
  const change = new RevenueChange();
  const customers = new Set<string>();
  if (subscriptionIds.length === 0) return { change, customers };
  const objects = objectsRepository(tx);
  const stored = await objects.getMany<StripeSubscription>('subscription', subscriptionIds);
  const live = stored.filter((row) => !row.deleted).map((row) => row.data);
  const owners = byId(await objects.getMany<StripeCustomer>('customer', [...new Set(live.map((sub) => sub.customer))]));
  const refsOf = new Map(live.map((sub) => [sub.id, pricingRefs(sub, owners.get(sub.customer))]));
  const refs = [...refsOf.values()];
  const prices = byId(await objects.getMany<StripePrice>('price', [...new Set(refs.flatMap((r) => r.prices))]));
  const coupons = byId(await objects.getMany<StripeCoupon>('coupon', [...new Set(refs.flatMap((r) => r.coupons))]));

  const asOf = ctx.now();
  const rows: SubscriptionRevenueRow[] = live.map((sub) => {
    const customer = owners.get(sub.customer);
    let contribution;
    try {
      contribution = subscriptionContribution(sub, { prices, coupons, customer, policy: ctx.policy, asOf });
    } catch (error) {
      // One unpriceable subscription must not take every other figure down with it.
      ctx.onUnpriced(sub.id, (error as Error).message);
    }
    const state = subscriptionState(sub, contribution?.mrr ?? null);
    return {
      ...state,
      scheduledChurn: contribution?.scheduledChurn ?? false,
      nextChange: contributionNextChange(sub, customer, asOf),
    };
  });
  ctx.counters.subscriptionsPriced += rows.length;

  const old = await revenueSubscriptionsRepository(tx).replace(subscriptionIds, rows);
  const oldById = new Map(old.map((row) => [row.subscriptionId, row]));
  for (const row of rows) {
    const previous = oldById.get(row.subscriptionId);
    change.delta.contribution(previous && counted(previous), counted(row));
    change.delta.unpriced(previous?.mrr === null, row.mrr === null);
    oldById.delete(row.subscriptionId);
    customers.add(row.customerId);
  }
  for (const gone of oldById.values()) {
    change.delta.contribution(counted(gone), undefined);
    change.delta.unpriced(gone.mrr === null, false);
    customers.add(gone.customerId);
  }
  const refRows: Ref[] = [...refsOf].flatMap(([ownerId, r]) => [
    ...r.prices.map((refId) => ({ refType: 'price' as const, refId, ownerId })),
    ...r.coupons.map((refId) => ({ refType: 'coupon' as const, refId, ownerId })),
  ]);
  await revenueRefsRepository(tx).replace('subscription', subscriptionIds, refRows);
  return { change, customers };
}
