import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MetricRule } from './alert-rules.ts';
import { sideOf, thresholdBody, weekOnWeekBody } from './metric-alerts.ts';

const rule: MetricRule = { name: 'growth', channels: ['slack'], urgent: false, kind: 'metric', mrrCrosses: [1_000_000], weekOnWeekPct: 10 };
// 2026-11-30T12:00:00Z: yesterday is the 29th, a week before it the 22nd.
const reading = { now: Date.UTC(2026, 10, 30, 12) / 1000, mrr: 1_000_000, currency: 'usd', livemode: true };

describe('metric rules', () => {
  test('reaching the threshold is crossing it', () => {
    assert.equal(sideOf(999_999, 1_000_000), 'below');
    assert.equal(sideOf(1_000_000, 1_000_000), 'above');
  });

  test('a crossing names its direction, the threshold and the MRR; its id the moment', () => {
    assert.deepEqual(thresholdBody(rule, 1_000_000, 'above', reading), {
      id: `growth:mrr_threshold:1000000:up:${reading.now}`,
      type: 'mrr_threshold',
      rule: 'growth',
      occurred_at: '2026-11-30T12:00:00.000Z',
      livemode: true,
      direction: 'up',
      threshold: { currency: 'usd', amount: 1_000_000 },
      mrr: { currency: 'usd', amount: 1_000_000 },
    });
  });

  const weekly: Array<[string, Record<string, number>, string | undefined]> = [
    ['up more than 10%', { '2026-11-22': 100_000, '2026-11-29': 110_001 }, '10.00'],
    ['exactly 10% is not more', { '2026-11-22': 100_000, '2026-11-29': 110_000 }, undefined],
    ['down more than 10%', { '2026-11-22': 100_000, '2026-11-29': 89_000 }, '-11.00'],
    ['from nothing: left to thresholds', { '2026-11-22': 0, '2026-11-29': 5_000 }, undefined],
  ];
  for (const [what, mrr, pct] of weekly) {
    test(`week on week: ${what}`, () => {
      const body = weekOnWeekBody(rule, (day) => mrr[day]!, reading);
      assert.equal(body?.change_pct, pct);
      if (body) assert.deepEqual([body.id, body.from, body.to], ['growth:mrr_week_on_week:2026-11-29', '2026-11-22', '2026-11-29']);
    });
  }
});
