import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RatesConfig } from './currency-conversion.ts';
import { figureChange, revenueChange, type FigureChange } from './headline-changes.ts';

const USD: RatesConfig = { reportingCurrency: 'usd', rates: new Map() };
const EUR_125: RatesConfig = { reportingCurrency: 'usd', rates: new Map([['eur', '1.25']]) };

describe('figureChange', () => {
  const cases: Array<[number, number, FigureChange]> = [
    [500, 300, { now: 500, then: 300, change: 200 }],
    [300, 500, { now: 300, then: 500, change: -200 }],
    [0, 0, { now: 0, then: 0, change: 0 }],
  ];
  for (const [now, then, expected] of cases) it(`${now} vs ${then}`, () => assert.deepEqual(figureChange(now, then), expected));
});

describe('revenueChange', () => {
  const cases: Array<{ name: string; total: Record<string, number>; window: Record<string, number>; rates: RatesConfig; expected: FigureChange }> = [
    { name: 'nothing collected in the window', total: { usd: 10_000 }, window: {}, rates: USD, expected: { now: 10_000, then: 10_000, change: 0 } },
    { name: 'collected in the window', total: { usd: 10_000 }, window: { usd: 2_500 }, rates: USD, expected: { now: 10_000, then: 7_500, change: 2_500 } },
    { name: 'refunds in the window: a negative change', total: { usd: 10_000 }, window: { usd: -300 }, rates: USD, expected: { now: 10_000, then: 10_300, change: -300 } },
    {
      name: 'converted per currency like the headline, before and after',
      total: { usd: 100, eur: 3 },
      window: { eur: 1 },
      rates: EUR_125,
      // now: 100 + round(3.75) = 104; then: 100 + round(2.5) = 103.
      expected: { now: 104, then: 103, change: 1 },
    },
    { name: 'a currency without a rate is left out', total: { usd: 100, jpy: 5000 }, window: { jpy: 5000 }, rates: USD, expected: { now: 100, then: 100, change: 0 } },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(revenueChange(new Map(Object.entries(c.total)), new Map(Object.entries(c.window)), c.rates), c.expected));
  }
});
