// Rule 11's invariant on random data: over any range, movements sum exactly to the change in MRR, and
// the swept points agree with a brute-force sum over intervals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertTotal } from '../currency-conversion.ts';
import { DAY_SECONDS, formatDate, type Granularity } from './calendar.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { movementsSeries } from './movements-series.ts';
import { mrrSeries } from './mrr-series.ts';
import { periodsBetween } from './periods.ts';
import { at, ledgerOf, ratesOf } from './test-fixtures.ts';

// mulberry32: a seeded generator, so a failure is reproducible from its seed.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = at('2024-01-01');
const SPAN_DAYS = 540;
const CURRENCIES = ['usd', 'usd', 'usd', 'eur', 'jpy', 'kwd', 'gbp']; // gbp has no rate
const rates = ratesOf({ eur: '1.085', jpy: '0.0067', kwd: '3.25' });

function randomIntervals(next: () => number, customers: number): MrrInterval[] {
  const intervals: MrrInterval[] = [];
  const pick = (n: number): number => Math.floor(next() * n);
  for (let c = 0; c < customers; c++) {
    for (let s = 0, subs = 1 + pick(3); s < subs; s++) {
      const currency = CURRENCIES[pick(CURRENCIES.length)]!;
      // Instants are whole days or odd seconds, so changes collide at midnight and also fall in between.
      let t = START + pick(SPAN_DAYS) * DAY_SECONDS + (next() < 0.3 ? pick(DAY_SECONDS) : 0);
      for (let k = 0, spans = 1 + pick(5); k < spans; k++) {
        const end = next() < 0.15 ? null : t + (1 + pick(90)) * DAY_SECONDS;
        intervals.push({ subscriptionId: `s${c}_${s}`, customerId: `c${c}`, currency, start: t, end, mrr: 1 + pick(20000) });
        if (end === null) break;
        t = end + (next() < 0.7 ? 0 : pick(60) * DAY_SECONDS);
      }
    }
  }
  return intervals;
}

function bruteForceMrr(intervals: readonly MrrInterval[], t: number): number {
  const totals = new Map<string, number>();
  for (const i of intervals) if (i.start <= t && (i.end === null || t < i.end)) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.mrr);
  let sum = 0;
  for (const [currency, total] of totals) sum += convertTotal(total, currency, rates) ?? 0;
  return sum;
}

describe('movements sum to the MRR change over any range (randomized)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}`, () => {
      const next = random(seed);
      const intervals = randomIntervals(next, 40);
      for (let r = 0; r < 8; r++) {
        const interval = (['day', 'week', 'month'] as Granularity[])[r % 3]!;
        const fromDay = Math.floor(next() * SPAN_DAYS);
        const range = {
          from: formatDate(START + fromDay * DAY_SECONDS),
          to: formatDate(START + (fromDay + Math.floor(next() * 300)) * DAY_SECONDS),
          interval,
        };
        const movements = movementsSeries(ledgerOf(intervals, rates), rates, range);
        const points = mrrSeries(ledgerOf(intervals, rates), rates, range);
        const before = bruteForceMrr(intervals, periodsBetween(range)[0]!.start - 1);
        let previous = before;
        movements.forEach((m, i) => {
          assert.equal(m.new + m.expansion + m.contraction + m.churn + m.reactivation, m.net);
          assert.equal(m.net, points[i]!.mrr - previous, `${range.from}..${range.to} ${interval} ${m.period}`);
          assert.ok(m.new >= 0 && m.reactivation >= 0 && m.churn <= 0, m.period);
          previous = points[i]!.mrr;
        });
        const total = movements.reduce((sum, m) => sum + m.net, 0);
        assert.equal(total, points.at(-1)!.mrr - before);
        // Spot-check the sweep against a brute-force sum at a few points.
        for (const i of [0, Math.floor(points.length / 2), points.length - 1]) {
          assert.equal(points[i]!.mrr, bruteForceMrr(intervals, at(points[i]!.date) + DAY_SECONDS - 1), points[i]!.date);
        }
      }
    });
  }
});
