import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY } from './calendar.ts';
import { expectedMrrAt, expectedMrrSeries } from './expected-mrr.ts';
import { DEFAULT_NOW, generateAccount } from './generate-account.ts';
import { engineMrr } from './test-support.ts';

for (const seed of [1, 7, 42]) {
  test(`seed ${seed}: the plan's MRR at now equals the metrics engine's on the subscriptions`, () => {
    const state = generateAccount({ seed });
    for (const policy of ['forever', 'all_active'] as const) {
      assert.deepEqual(expectedMrrAt(state, DEFAULT_NOW, { policy }), engineMrr(state, DEFAULT_NOW, policy), policy);
    }
  });
}

test('the series grows over the 18 months from nothing, in the order asked', () => {
  const state = generateAccount({ seed: 1 });
  const instants = [DEFAULT_NOW, DEFAULT_NOW - 540 * DAY, DEFAULT_NOW - 270 * DAY, DEFAULT_NOW - 600 * DAY];
  const [now, early, middle, before] = expectedMrrSeries(state, instants).map((p) => p.mrr.usd ?? 0);
  assert.equal(before, 0);
  assert.ok((early as number) < (middle as number) && (middle as number) < (now as number), `${early} < ${middle} < ${now}`);
});
