import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateAccount } from './generate-account.ts';
import { createEmulator } from './index.ts';
import { NetworkConditions } from './network-conditions.ts';
import { get, T0, TEST_KEY } from './test-support.ts';

describe('network conditions', () => {
  test('admits at most rateLimit requests in any one-second window', () => {
    let now = 0;
    const network = new NetworkConditions({ rateLimit: 3 }, () => now);
    const admitted: number[] = [];
    for (now = 0; now < 3000; now += 100) if (network.admit()) admitted.push(now);
    assert.deepEqual(admitted, [0, 100, 200, 1000, 1100, 1200, 2000, 2100, 2200]);
    assert.equal(network.rateLimited, 21);
    for (const t of admitted) assert.ok(admitted.filter((u) => u >= t && u < t + 1000).length <= 3);
  });

  test('latency has jitter around its mean, the same for the same seed', () => {
    const draw = (seed: number) => {
      const network = new NetworkConditions({ latencyMs: 300, seed });
      return Array.from({ length: 1000 }, () => network.nextLatencyMs());
    };
    const latencies = draw(5);
    assert.deepEqual(draw(5), latencies);
    assert.ok(latencies.every((ms) => ms >= 150 && ms <= 450));
    assert.ok(new Set(latencies).size > 100, 'jittered');
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    assert.ok(Math.abs(mean - 300) < 15, `mean ${mean}`);
    assert.equal(new NetworkConditions().nextLatencyMs(), 0);
  });

  test("past the limit the emulator answers 429 with Stripe's rate_limit error; its control routes are not limited", async () => {
    const state = generateAccount({ seed: 5, customers: 20, now: T0 });
    const emulator = createEmulator({ secretKey: TEST_KEY, state, rateLimit: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(emulator.app, '/v1/customers')));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    assert.equal(refused.body.error.code, 'rate_limit');
    assert.equal(refused.body.error.type, 'invalid_request_error');
    assert.equal(emulator.network.rateLimited, 2);
    const control = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/changes',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      payload: { type: 'customer.updated' },
    });
    assert.equal(control.statusCode, 200);
  });
});

describe('a bad day on the network', () => {
  test('a share of answers is slow, the same ones for the same seed', () => {
    const draw = (seed: number) => {
      const network = new NetworkConditions({ seed, slowShare: 0.2, slowMs: 2000 });
      return Array.from({ length: 1000 }, () => network.nextLatencyMs());
    };
    const latencies = draw(11);
    assert.deepEqual(draw(11), latencies);
    assert.notDeepEqual(draw(12), latencies);
    assert.deepEqual(new Set(latencies), new Set([0, 2000]));
    const slow = latencies.filter((ms) => ms === 2000).length;
    assert.ok(slow > 150 && slow < 250, `about 20% slow, got ${slow}`);
  });

  test('a cut-off list page ends mid-body; pages that are not cut and single objects arrive whole', async () => {
    const state = generateAccount({ seed: 5, customers: 20, now: T0 });
    const emulator = createEmulator({ secretKey: TEST_KEY, state, resetShare: 1 });
    const base = await emulator.listen();
    try {
      const read = async (path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).text();
      await assert.rejects(read('/v1/customers?limit=5'));
      const customer = state.collection('customer').newestFirst().at(0);
      assert.equal(JSON.parse(await read(`/v1/customers/${customer.id}`)).id, customer.id);
      emulator.network.tune({ resetShare: 0 });
      assert.equal(JSON.parse(await read('/v1/customers?limit=5')).data.length, 5);
      assert.equal(emulator.network.cutPages, 1);
    } finally {
      await emulator.close();
    }
  });
});
