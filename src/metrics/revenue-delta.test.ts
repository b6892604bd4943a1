import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSnapshot } from './build-snapshot.ts';
import { RevenueDelta } from './revenue-delta.ts';
import { toSnapshot } from './snapshot.ts';
import type { Contribution } from './subscription-contribution.ts';

const rates = { reportingCurrency: 'usd', rates: new Map([['eur', '1.085']]) };
const c = (subscriptionId: string, customerId: string, currency: string, mrr: number, scheduledChurn = false): Contribution => ({
  subscriptionId,
  customerId,
  currency,
  mrr,
  scheduledChurn,
});

describe('RevenueDelta', () => {
  const steps: Array<[string, (d: RevenueDelta) => void, { mrr: number; paying: number; churn: number; revenue: number; customers: number; unconverted: string[] }]> = [
    ['a first subscription', (d) => (d.contribution(undefined, c('s1', 'a', 'usd', 1000)), d.customer({ payingBefore: false, payingAfter: true })), { mrr: 1000, paying: 1, churn: 0, revenue: 0, customers: 0, unconverted: [] }],
    ['a second currency', (d) => d.contribution(undefined, c('s2', 'a', 'eur', 1000)), { mrr: 2085, paying: 1, churn: 0, revenue: 0, customers: 0, unconverted: [] }],
    ['an upgrade replaces, never adds', (d) => d.contribution(c('s1', 'a', 'usd', 1000), c('s1', 'a', 'usd', 3000)), { mrr: 4085, paying: 1, churn: 0, revenue: 0, customers: 0, unconverted: [] }],
    ['scheduled to cancel', (d) => d.contribution(c('s1', 'a', 'usd', 3000), c('s1', 'a', 'usd', 3000, true)), { mrr: 4085, paying: 1, churn: 3000, revenue: 0, customers: 0, unconverted: [] }],
    ['a currency without a rate', (d) => d.contribution(undefined, c('s4', 'c', 'jpy', 9000)), { mrr: 4085, paying: 1, churn: 3000, revenue: 0, customers: 0, unconverted: ['jpy'] }],
    ['a charge, then its refund', (d) => (d.charge(undefined, { currency: 'usd', amount: 700 }), d.charge({ currency: 'usd', amount: 700 }, { currency: 'usd', amount: 200 })), { mrr: 4085, paying: 1, churn: 3000, revenue: 200, customers: 0, unconverted: ['jpy'] }],
    ['a customer is created', (d) => d.customer({ countedBefore: false, countedAfter: true }), { mrr: 4085, paying: 1, churn: 3000, revenue: 200, customers: 1, unconverted: ['jpy'] }],
    ['a subscription removed', (d) => d.contribution(c('s4', 'c', 'jpy', 9000), undefined), { mrr: 4085, paying: 1, churn: 3000, revenue: 200, customers: 1, unconverted: [] }],
    ['a trial (0) changes nothing', (d) => d.contribution(undefined, c('s5', 'b', 'usd', 0)), { mrr: 4085, paying: 1, churn: 3000, revenue: 200, customers: 1, unconverted: [] }],
  ];
  const running = new RevenueDelta();
  for (const [name, change, expected] of steps) {
    test(name, () => {
      const delta = new RevenueDelta();
      change(delta);
      running.add(delta);
      const s = toSnapshot(running, rates);
      assert.deepEqual(
        { mrr: s.mrr, paying: s.payingCustomers, churn: s.scheduledChurnMrr, revenue: s.totalRevenue, customers: s.customersTotal, unconverted: s.unconvertedCurrencies },
        expected,
      );
    });
  }

  test('any sequence of changes, as deltas, ends where a batch computation of the final state ends', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const running = new RevenueDelta();
    const finalState = new Map<string, Contribution>();
    const payingSubscriptions = (customer: string) => [...finalState.values()].filter((x) => x.customerId === customer && x.mrr > 0).length;
    for (let i = 0; i < 3000; i++) {
      const id = `s${Math.floor(random() * 300)}`;
      const previous = finalState.get(id);
      const customer = previous?.customerId ?? `cus${Math.floor(random() * 120)}`;
      const next = random() < 0.15 ? undefined : c(id, customer, random() < 0.7 ? 'usd' : 'eur', Math.floor(random() * 5) * 1000, random() < 0.1);
      const payingBefore = payingSubscriptions(customer) > 0;
      if (next) finalState.set(id, next);
      else finalState.delete(id);
      const delta = new RevenueDelta();
      delta.contribution(previous, next);
      delta.customer({ payingBefore, payingAfter: payingSubscriptions(customer) > 0 });
      running.add(delta);
    }
    const batch = buildSnapshot({ contributions: finalState.values(), customersTotal: 0, revenueByCurrency: new Map(), rates });
    assert.deepEqual(toSnapshot(running, rates), batch);
  });
});
