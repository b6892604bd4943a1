import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshnessOf, type Backlog } from './freshness.ts';

const calm: Backlog = { pendingEvents: 0, oldestPendingAt: null, retryingEvents: 0, deadEvents: 0, lastEventError: null };
const synced = { asOf: new Date(0), syncError: null };

const cases: Array<[string, Parameters<typeof freshnessOf>, { stale: boolean; lastError: RegExp | null }]> = [
  ['all caught up', [synced, calm], { stale: false, lastError: null }],
  ['events merely waiting their turn', [synced, { ...calm, pendingEvents: 40, oldestPendingAt: new Date() }], { stale: false, lastError: null }],
  ['the last sync failed', [{ asOf: new Date(0), syncError: 'HTTP 500' }, calm], { stale: true, lastError: /^the last sync failed: HTTP 500$/ }],
  ['events retrying', [synced, { ...calm, pendingEvents: 2, retryingEvents: 2, lastEventError: 'HTTP 503' }], { stale: true, lastError: /^2 Stripe events waiting to be retried; last reason: HTTP 503$/ }],
  ['an event set aside', [synced, { ...calm, deadEvents: 1, lastEventError: 'HTTP 403' }], { stale: true, lastError: /^1 Stripe event could not be applied and was set aside .*HTTP 403$/ }],
  ['cut off from the other instances, said first', [{ asOf: null, syncError: 'HTTP 401' }, calm, 'lost the connection to PostgreSQL at 10:42; reconnecting'], { stale: true, lastError: /^lost the connection to PostgreSQL at 10:42; reconnecting$/ }],
  ['a failed sync is said first', [{ asOf: null, syncError: 'HTTP 401' }, { ...calm, deadEvents: 3, lastEventError: 'x' }], { stale: true, lastError: /^the last sync failed: HTTP 401$/ }],
];

for (const [name, args, expected] of cases) {
  test(`freshness: ${name}`, () => {
    const freshness = freshnessOf(...args);
    assert.equal(freshness.stale, expected.stale);
    if (expected.lastError === null) assert.equal(freshness.lastError, null);
    else assert.match(freshness.lastError ?? '', expected.lastError);
  });
}
