import type { EmulatorState } from '../../src/emulator/index.ts';
import {
  buildSnapshot,
  chargeNetRevenue,
  countCustomers,
  subscriptionContribution,
  type DiscountPolicy,
  type RatesConfig,
  type Snapshot,
} from '../../src/metrics/index.ts';
import type { StripeDiscount, StripeSubscription } from '../../src/metrics/stripe-shapes.ts';

/**
 * The figures straight from the emulator's own objects, bypassing HTTP, the sync and the store: what
 * the service must serve after a sync of the same account.
 */
export function expectedSnapshot(state: EmulatorState, options: { rates: RatesConfig; policy: DiscountPolicy; asOf: number }): Snapshot {
  const expand = (refs: Array<string | StripeDiscount>) => refs.map((ref) => (typeof ref === 'string' ? state.discounts.get(ref) ?? ref : ref));
  const prices = new Map(all(state, 'price').map((p) => [p.id, p]));
  const coupons = new Map(all(state, 'coupon').map((c) => [c.id, c]));
  const customers = new Map(all(state, 'customer').map((c) => [c.id, c]));
  const contributions = all(state, 'subscription').map((sub: StripeSubscription) =>
    subscriptionContribution(
      {
        ...sub,
        discounts: expand(sub.discounts),
        items: { ...sub.items, data: sub.items.data.map((item) => ({ ...item, discounts: expand(item.discounts) })) },
      },
      { prices, coupons, customer: customers.get(sub.customer), policy: options.policy, asOf: options.asOf },
    ),
  );
  const revenueByCurrency = new Map<string, number>();
  for (const charge of all(state, 'charge')) {
    const { currency, amount } = chargeNetRevenue(charge);
    revenueByCurrency.set(currency, (revenueByCurrency.get(currency) ?? 0) + amount);
  }
  return buildSnapshot({
    contributions,
    customersTotal: countCustomers(all(state, 'customer')),
    revenueByCurrency,
    rates: options.rates,
  });
}

function all<K extends 'price' | 'coupon' | 'customer' | 'subscription' | 'charge'>(state: EmulatorState, type: K) {
  const list = state.collection(type).newestFirst();
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}

/** The figures under the default settings, as of `asOf` (now, unless given): usd, no rates, forever discounts. */
export function expectedDefaultSnapshot(state: EmulatorState, asOf = Math.floor(Date.now() / 1000)): Snapshot {
  return expectedSnapshot(state, { rates: { reportingCurrency: 'usd', rates: new Map() }, policy: 'forever', asOf });
}
