import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncRun } from '../store/sync-runs-repository.ts';
import { lastSyncOf, livemodeOfKey } from './account-status.ts';

const started = new Date('2024-05-01T10:00:00Z');
const finished = new Date('2024-05-01T10:42:00Z');
const run = (status: SyncRun['status'], finishedAt: Date | null, error: string | null = null): SyncRun => ({
  id: 7,
  trigger: 'schedule',
  status,
  startedAt: started,
  finishedAt,
  counts: {},
  requests: 12,
  error,
});

test('the last sync: when it ended (or began, while it runs), its result and its failure', () => {
  const cases: Array<[string, SyncRun | undefined, ReturnType<typeof lastSyncOf>]> = [
    ['none yet', undefined, { at: null, result: null, error: null }],
    ['running', run('running', null), { at: started, result: 'running', error: null }],
    ['succeeded', run('succeeded', finished), { at: finished, result: 'ok', error: null }],
    ['failed', run('failed', finished, 'Stripe answered 429'), { at: finished, result: 'failed', error: 'Stripe answered 429' }],
  ];
  for (const [name, given, expected] of cases) assert.deepEqual(lastSyncOf(given), expected, name);
});

test("a key's mode: live or test from its prefix, unknown otherwise", () => {
  const cases: Array<[string | undefined, boolean | null]> = [
    ['sk_live_abc', true],
    ['rk_live_abc', true],
    ['sk_test_abc', false],
    ['rk_test_abc', false],
    ['pk_live_abc', null],
    ['sk_other', null],
    [undefined, null],
  ];
  for (const [key, expected] of cases) assert.equal(livemodeOfKey(key), expected, String(key));
});
