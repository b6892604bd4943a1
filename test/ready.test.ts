// Issue 10: GET /ready says whether this instance is caught up, for a load balancer or orchestrator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService } from './support/service-under-test.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';

describe(`GET /ready (${TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('503 with the reason until the first sync has finished, then 200', async () => {
    const state = generateAccount({ seed: 8, customers: 30, now: Math.floor(Date.now() / 1000) });
    // At Stripe's pace the start-up sync takes a few seconds.
    const sut = await startServiceAgainst(state, { network: { latencyMs: 200 } });
    try {
      const early = await sut.get('/ready');
      assert.equal(early.status, 503);
      assert.deepEqual(early.body, { ready: false, reasons: ['the first sync has not finished'] });
      assert.equal((await sut.get('/health')).status, 200, 'healthy meanwhile: not ready is not broken');
      const ready = await pollUntil(async () => {
        const r = await sut.get('/ready');
        return r.status === 200 ? r : undefined;
      }, 'the instance to be ready', 30_000);
      assert.deepEqual(ready.body, { ready: true, reasons: [] });
    } finally {
      await sut.stop();
    }
  });

  test('webhook-only, with nothing to sync: ready as soon as it listens', async () => {
    const sut = await startTestService({ STRIPE_WEBHOOK_SECRET: 'whsec_ready_test' });
    try {
      assert.deepEqual(await sut.get('/ready'), { status: 200, body: { ready: true, reasons: [] } });
    } finally {
      await sut.stop();
    }
  });
});
