import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRetryable, retryDelayMs, withRetries, type RetryPolicy } from './retry.ts';

const stripeError = (statusCode: number | undefined, headers: Record<string, string> = {}, type = 'StripeAPIError') =>
  Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, headers, type });

describe('isRetryable', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['429 without headers', stripeError(429), true],
    ['500', stripeError(500), true],
    ['503', stripeError(503), true],
    ['409 lock timeout', stripeError(409), true],
    ['connection failure', stripeError(undefined, {}, 'StripeConnectionError'), true],
    ['401 bad key', stripeError(401), false],
    ['404', stripeError(404), false],
    ['400', stripeError(400), false],
    ['Stripe-Should-Retry: false wins over 500', stripeError(500, { 'stripe-should-retry': 'false' }), false],
    ['Stripe-Should-Retry: true wins over 400', stripeError(400, { 'stripe-should-retry': 'true' }), true],
    ['a programming error', new TypeError('x is undefined'), false],
  ];
  for (const [name, error, expected] of cases) test(name, () => assert.equal(isRetryable(error), expected));
});

describe('retryDelayMs', () => {
  const policy = (random: number): RetryPolicy => ({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000, sleep: async () => {}, random: () => random });
  const cases: Array<[string, number, number, Record<string, string>, number]> = [
    ['first retry, least jitter', 1, 0, {}, 50],
    ['first retry, most jitter', 1, 1, {}, 100],
    ['grows exponentially', 4, 1, {}, 800],
    ['capped', 20, 1, {}, 5000],
    ['Retry-After is a floor', 1, 0, { 'retry-after': '2' }, 2000],
    ['Retry-After is capped too', 1, 0, { 'retry-after': '3600' }, 5000],
    ['unparseable Retry-After is ignored', 1, 0, { 'retry-after': 'soon' }, 50],
  ];
  for (const [name, attempt, random, headers, expected] of cases) {
    test(name, () => assert.equal(retryDelayMs(stripeError(429, headers), attempt, policy(random)), expected));
  }
});

describe('withRetries', () => {
  const recordingPolicy = (delays: number[]): RetryPolicy => ({
    maxAttempts: 4,
    baseDelayMs: 10,
    maxDelayMs: 1000,
    sleep: async (ms) => void delays.push(ms),
    random: () => 1,
  });

  test('retries until success and counts every attempt', async () => {
    const delays: number[] = [];
    let attempts = 0;
    const result = await withRetries(async () => {
      if (++attempts < 3) throw stripeError(429);
      return 'ok';
    }, recordingPolicy(delays));
    assert.equal(result, 'ok');
    assert.equal(attempts, 3);
    assert.deepEqual(delays, [10, 20]);
  });

  test('gives up after maxAttempts with the last error', async () => {
    let attempts = 0;
    await assert.rejects(withRetries(async () => { attempts++; throw stripeError(500); }, recordingPolicy([])), /HTTP 500/);
    assert.equal(attempts, 4);
  });

  test('does not retry what cannot succeed', async () => {
    let attempts = 0;
    await assert.rejects(withRetries(async () => { attempts++; throw stripeError(401); }, recordingPolicy([])), /HTTP 401/);
    assert.equal(attempts, 1);
  });
});
