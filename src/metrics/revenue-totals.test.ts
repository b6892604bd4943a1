import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RevenueTotals } from './revenue-totals.ts';
import { buildSnapshot } from './snapshot.ts';
import type { Contribution } from './subscription-contribution.ts';

const rates = { reportingCurrency: 'usd', rates: new Map([['eur', '1.085']]) };
const c = (subscriptionId: string, customerId: string, currency: string, mrr: number, scheduledChurn = false): Contribution => ({
  subscriptionId,
  customerId,
  currency,
  mrr,
  scheduledChurn,
});

describe('RevenueTotals', () => {
  const steps: Array<[string, (t: RevenueTotals) => void, { mrr: number; paying: number; churn: number; revenue: number; unconverted: string[] }]> = [
    ['a first subscription', (t) => t.setContribution('s1', c('s1', 'a', 'usd', 1000)), { mrr: 1000, paying: 1, churn: 0, revenue: 0, unconverted: [] }],
    ['a second one of the same customer', (t) => t.setContribution('s2', c('s2', 'a', 'eur', 1000)), { mrr: 2085, paying: 1, churn: 0, revenue: 0, unconverted: [] }],
    ['a trial counts nobody', (t) => t.setContribution('s3', c('s3', 'b', 'usd', 0)), { mrr: 2085, paying: 1, churn: 0, revenue: 0, unconverted: [] }],
    ['the trial converts', (t) => t.setContribution('s3', c('s3', 'b', 'usd', 500, true)), { mrr: 2585, paying: 2, churn: 500, revenue: 0, unconverted: [] }],
    ['an upgrade replaces, never adds', (t) => t.setContribution('s1', c('s1', 'a', 'usd', 3000)), { mrr: 4585, paying: 2, churn: 500, revenue: 0, unconverted: [] }],
    ['a currency without a rate', (t) => t.setContribution('s4', c('s4', 'c', 'jpy', 9000)), { mrr: 4585, paying: 3, churn: 500, revenue: 0, unconverted: ['jpy'] }],
    ['a charge', (t) => t.setCharge('ch1', { currency: 'usd', amount: 700 }), { mrr: 4585, paying: 3, churn: 500, revenue: 700, unconverted: ['jpy'] }],
    ['its refund', (t) => t.setCharge('ch1', { currency: 'usd', amount: 200 }), { mrr: 4585, paying: 3, churn: 500, revenue: 200, unconverted: ['jpy'] }],
    ['churn of the customer’s last subscription', (t) => t.setContribution('s3', c('s3', 'b', 'usd', 0)), { mrr: 4085, paying: 2, churn: 0, revenue: 200, unconverted: ['jpy'] }],
    ['a removed subscription', (t) => t.setContribution('s4', undefined), { mrr: 4085, paying: 1, churn: 0, revenue: 200, unconverted: [] }],
  ];
  const totals = new RevenueTotals();
  for (const [name, change, expected] of steps) {
    test(name, () => {
      change(totals);
      const s = totals.snapshot(rates);
      assert.deepEqual(
        { mrr: s.mrr, paying: s.payingCustomers, churn: s.scheduledChurnMrr, revenue: s.totalRevenue, unconverted: s.unconvertedCurrencies },
        expected,
      );
    });
  }

  test('any sequence of changes ends where a batch computation of the final state ends', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const incremental = new RevenueTotals();
    const finalState = new Map<string, Contribution>();
    for (let i = 0; i < 5000; i++) {
      const id = `s${Math.floor(random() * 300)}`;
      const next = random() < 0.15 ? undefined : c(id, `cus${Math.floor(random() * 120)}`, random() < 0.7 ? 'usd' : 'eur', Math.floor(random() * 5) * 1000, random() < 0.1);
      incremental.setContribution(id, next);
      if (next) finalState.set(id, next);
      else finalState.delete(id);
    }
    const batch = buildSnapshot({ contributions: finalState.values(), customersTotal: 0, revenueByCurrency: new Map(), rates });
    assert.deepEqual(incremental.snapshot(rates), batch);
  });
});
