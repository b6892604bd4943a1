import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mrrAtInstants, type IntervalSpan } from './customer-mrr-history.ts';
import { USD, ratesOf } from './test-fixtures.ts';

const cases: Array<{ name: string; intervals: IntervalSpan[]; instants: number[]; rates?: ReturnType<typeof ratesOf>; expected: number[] }> = [
  { name: 'no intervals: 0', intervals: [], instants: [10], expected: [0] },
  {
    name: 'start inclusive, end exclusive, open-ended holds',
    intervals: [{ currency: 'usd', start: 10, end: 20, mrr: 500 }, { currency: 'usd', start: 20, end: null, mrr: 700 }],
    instants: [9, 10, 19, 20, 1_000_000],
    expected: [0, 500, 500, 700, 700],
  },
  {
    name: 'overlapping subscriptions add up',
    intervals: [{ currency: 'usd', start: 0, end: null, mrr: 500 }, { currency: 'usd', start: 5, end: 8, mrr: 100 }],
    instants: [6],
    expected: [600],
  },
  {
    name: 'converted once per currency, half away from zero; no rate: left out',
    intervals: [
      { currency: 'eur', start: 0, end: null, mrr: 1 },
      { currency: 'eur', start: 0, end: null, mrr: 1 },
      { currency: 'jpy', start: 0, end: null, mrr: 100 },
    ],
    rates: ratesOf({ eur: '1.25' }),
    instants: [1],
    // 2 × 1.25 = 2.5 → 3 (converting each 1 cent alone would give 1 + 1 = 2).
    expected: [3],
  },
];

describe('mrrAtInstants', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(mrrAtInstants(c.intervals, c.instants, c.rates ?? USD), c.expected));
});
