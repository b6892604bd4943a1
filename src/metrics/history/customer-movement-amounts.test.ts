// The customers behind a movement bar: their converted amounts sum exactly to the bar.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RatesConfig } from '../currency-conversion.ts';
import { parseDate } from './calendar.ts';
import { customerMovementAmounts, type MovementRow } from './customer-movement-amounts.ts';
import { movementsSeries } from './movements-series.ts';
import { RevenueLedger } from './revenue-ledger.ts';
import { USD, ratesOf } from './test-fixtures.ts';

const MAY = parseDate('2025-05-10');
const APRIL = parseDate('2025-04-03');
const row = (customerId: string, kind: MovementRow['kind'], currency: string, amount: number, at = MAY): MovementRow => ({ customerId, at, kind, currency, amount });

/** The ledger the bars are read from, holding these rows. */
function ledgerOf(rows: readonly MovementRow[]): RevenueLedger {
  const ledger = new RevenueLedger();
  ledger.record(
    rows.map((r) => ({ at: r.at, kind: r.kind, payingBefore: false, payingAfter: false, churnCounted: false, amounts: [{ currency: r.currency, amount: r.amount }] })),
    1,
  );
  return ledger;
}

interface Case {
  name: string;
  rates: RatesConfig;
  /** Rows before May: the MRR each currency starts May with. */
  earlier: MovementRow[];
  may: MovementRow[];
  expected: Array<[customer: string, kind: MovementRow['kind'], amount: number]>;
}

const cases: Case[] = [
  {
    name: 'reporting currency: amounts as stored, largest first',
    rates: USD,
    earlier: [row('a', 'new', 'usd', 5000, APRIL)],
    may: [row('b', 'new', 'usd', 1000), row('a', 'churn', 'usd', -5000)],
    expected: [['a', 'churn', -5000], ['b', 'new', 1000]],
  },
  {
    name: 'three customers of 1/3 cent each: the remainder goes to the largest fractions, summing to the bar',
    rates: ratesOf({ eur: '0.3333333' }),
    earlier: [],
    may: [row('a', 'new', 'eur', 1), row('b', 'new', 'eur', 1), row('c', 'new', 'eur', 1)],
    // 3 × 0.3333333 = 0.9999999 → the bar rounds to 1 cent.
    expected: [['a', 'new', 1], ['b', 'new', 0], ['c', 'new', 0]],
  },
  {
    name: 'a currency without a rate is left out, as in the bars',
    rates: USD,
    earlier: [],
    may: [row('a', 'new', 'usd', 700), row('b', 'new', 'jpy', 900)],
    expected: [['a', 'new', 700]],
  },
  {
    name: 'kinds share the rounded change of the currency MRR, as the bars do',
    rates: ratesOf({ eur: '1.085' }),
    earlier: [row('a', 'new', 'eur', 999, APRIL), row('b', 'new', 'eur', 1001, APRIL)],
    may: [row('a', 'expansion', 'eur', 1), row('b', 'contraction', 'eur', -1), row('c', 'new', 'eur', 3)],
    expected: [['c', 'new', 3], ['a', 'expansion', 1], ['b', 'contraction', -1]],
  },
];

describe('customerMovementAmounts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const ledger = ledgerOf([...c.earlier, ...c.may]);
      const before = new Map<string, number>();
      for (const r of c.earlier) before.set(r.currency, (before.get(r.currency) ?? 0) + r.amount);
      const listed = customerMovementAmounts(c.may, before, c.rates);
      assert.deepEqual(listed.map((m) => [m.customerId, m.kind, m.amount]), c.expected);
      const [bar] = movementsSeries(ledger, c.rates, { from: '2025-05-01', to: '2025-05-31', interval: 'month' });
      for (const kind of ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const) {
        const sum = listed.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
        assert.equal(sum, bar![kind], `${kind} sums to the bar`);
      }
    });
  }

  it('many customers in several currencies sum to every bar to the cent', () => {
    const rates = ratesOf({ eur: '1.0853', gbp: '1.2719', jpy: '0.00671' });
    const currencies = ['usd', 'eur', 'gbp', 'jpy'];
    const kinds = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
    const earlier: MovementRow[] = [];
    const may: MovementRow[] = [];
    for (let i = 0; i < 300; i++) {
      const currency = currencies[i % 4]!;
      const kind = kinds[(i * 7) % 5]!;
      const size = 37 + ((i * 7919) % 4999);
      earlier.push(row(`c${i}`, 'new', currency, 10_000 + size, APRIL));
      may.push(row(`c${i}`, kind, currency, kind === 'contraction' || kind === 'churn' ? -size : size, MAY + i));
    }
    const before = new Map<string, number>();
    for (const r of earlier) before.set(r.currency, (before.get(r.currency) ?? 0) + r.amount);
    const listed = customerMovementAmounts(may, before, rates);
    assert.equal(listed.length, 300);
    const [bar] = movementsSeries(ledgerOf([...earlier, ...may]), rates, { from: '2025-05-01', to: '2025-05-31', interval: 'month' });
    for (const kind of kinds) assert.equal(listed.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0), bar![kind], kind);
  });
});
