import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProgress } from './sync-progress.ts';

const startedAt = new Date('2026-11-30T10:00:00Z');
const at = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);

test('progress lines: objects by type, request rate, and the time left from the last sync’s size', () => {
  for (const [progress, now, lastTotal, line] of [
    [{ runId: 3, startedAt, counts: {}, requests: 0 }, at(1), undefined, 'sync #3: 0 objects, 0.0 requests/s, no estimate before a first sync completes'],
    [
      { runId: 4, startedAt, counts: { customer: 2000, subscription: 1000, customer_deleted: 2 }, requests: 250 },
      at(10),
      12000,
      'sync #4: 3,000 of about 12,000 objects (customer 2,000, subscription 1,000), 25.0 requests/s, about 30 s left',
    ],
    [{ runId: 5, startedAt, counts: { invoice: 10000 }, requests: 1000 }, at(60), 110000, 'sync #5: 10,000 of about 110,000 objects (invoice 10,000), 16.7 requests/s, about 10 min left'],
    // A running service does not say how large its last sync was.
    [{ runId: 6, startedAt, counts: { invoice: 10 }, requests: 4 }, at(2), null, 'sync #6: 10 objects (invoice 10), 2.0 requests/s, no estimate'],
  ] as const) {
    assert.equal(describeProgress(progress, now, lastTotal), line);
  }
});
