import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RevenueChange } from './revenue-change.ts';

test('a change read back from the log is the change written, through JSON', () => {
  const change = new RevenueChange();
  change.delta.contribution(undefined, { currency: 'eur', mrr: 1998, scheduledChurn: true });
  change.delta.charge(undefined, { currency: 'usd', amount: 4_500 });
  change.delta.customer({ payingBefore: false, payingAfter: true });
  change.delta.customer({ countedBefore: false, countedAfter: true });
  change.delta.unpriced(true, false);
  change.added.push({ at: 1_700_000_000, kind: 'new', payingBefore: false, payingAfter: true, amounts: [{ currency: 'eur', amount: 1998 }], churnCounted: false });
  change.removed.push({ at: 1_690_000_000, kind: 'churn', payingBefore: true, payingAfter: false, amounts: [{ currency: 'eur', amount: -500 }], churnCounted: true });

  const read = RevenueChange.fromJSON(JSON.parse(JSON.stringify(change)));
  assert.deepEqual(read, change);
  assert.deepEqual(RevenueChange.fromJSON(JSON.parse(JSON.stringify(new RevenueChange()))).isEmpty(), true);
});

test('anything else in the log is refused, not applied', () => {
  for (const bad of [null, {}, { delta: {}, removed: [], added: [] }, { ...new RevenueChange().toJSON(), added: [{ at: 1.5 }] }]) {
    assert.throws(() => RevenueChange.fromJSON(bad));
  }
});
