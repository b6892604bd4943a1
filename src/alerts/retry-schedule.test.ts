import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultAlertRetryPolicy, nextAttemptDelayMs, parseRetryAfter } from './retry-schedule.ts';

describe('alert retry schedule', () => {
  const policy = (random: number) => ({ ...defaultAlertRetryPolicy, random: () => random });

  test('5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, then dead after the 8th attempt', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempts) => nextAttemptDelayMs(policy(0.5), attempts));
    assert.deepEqual(waits, [5_000, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, undefined]);
  });

  test('jitter spreads a wait by ±20 %', () => {
    assert.equal(nextAttemptDelayMs(policy(0), 1), 4_000);
    assert.equal(nextAttemptDelayMs(policy(1), 1), 6_000);
  });

  test('Retry-After is a floor, up to a day', () => {
    assert.equal(nextAttemptDelayMs(policy(0.5), 1, 90_000), 90_000);
    assert.equal(nextAttemptDelayMs(policy(0.5), 2, 1_000), 30_000);
    assert.equal(nextAttemptDelayMs(policy(0.5), 1, 7 * 86_400_000), 86_400_000);
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});
