import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { DEMO_SCHEMA } from '../src/server/demo-account.ts';
import { STRIPE_SCHEMA } from '../src/server/open-store.ts';
import { startService } from '../src/server/start-service.ts';
import { dropTestSchema, TEST_DATABASE_URL } from './support/test-database.ts';

interface Revenue {
  mrr: number;
  customers: number;
  customers_total: number;
  total_revenue: number;
  configured: boolean;
  source: string;
  message?: string;
  as_of: string | null;
}

const figures = (r: Revenue) => JSON.stringify([r.mrr, r.customers, r.customers_total, r.total_revenue]);

describe('demo mode: no Stripe variables at all', () => {
  test('the real process serves non-zero demo figures within 10 s, which change through webhooks within 30 s', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-demo-'));
    const { child, url, output } = await startServeProcess({ PORT: '0', DATA_DIR: dataDir });
    try {
      const get = async () => (await (await fetch(`${url}/api/revenue`)).json()) as Revenue;
      const first = await pollUntil(async () => {
        const r = await get();
        return r.as_of && r.mrr > 0 ? r : undefined;
      }, 'demo figures', 10_000);
      assert.equal(first.configured, false);
      assert.equal(first.source, 'demo');
      assert.match(first.message ?? '', /Demo data — set STRIPE_SECRET_KEY/);
      assert.ok(first.customers > 0 && first.total_revenue > 0);
      await pollUntil(async () => figures(await get()) !== figures(first), 'the demo figures to move', 30_000);
      assert.equal(output().match(/Demo data — set STRIPE_SECRET_KEY/g)?.length, 1, 'the logs say it once at start');
    } finally {
      assert.equal(await stopProcess(child), 0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('the demo account comes with exchange rates: the headline covers every currency and names the rates, which EXCHANGE_RATES overrides', async () => {
    const config = loadConfig({
      PORT: '0',
      DEMO_ACTIVITY_SECONDS: '0',
      EXCHANGE_RATES: 'gbp=1.5',
      ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
    });
    const running = await startService({ config, logger: createLogger('silent'), inMemory: true });
    try {
      const body = await pollUntil(async () => {
        const r = (await (await fetch(`${running.url}/api/revenue`)).json()) as Revenue & {
          unconverted_currencies: string[];
          exchange_rates: Record<string, string>;
          mrr_by_currency: Record<string, number>;
        };
        return r.as_of ? r : undefined;
      }, 'demo figures', 10_000);
      assert.deepEqual(body.unconverted_currencies, []);
      assert.deepEqual(body.exchange_rates, { eur: '1.08', gbp: '1.5', jpy: '0.0067' });
      assert.deepEqual(Object.keys(body.mrr_by_currency).sort(), ['eur', 'gbp', 'jpy', 'usd']);
      assert.ok(body.mrr > body.mrr_by_currency.usd!, 'the other currencies count in the headline');
    } finally {
      await running.stop();
      await dropTestSchema(DEMO_SCHEMA);
    }
  });

  test('demo data lives in its own schema, emptied at start, never the real one', async () => {
    const config = loadConfig({ PORT: '0', DEMO_ACTIVITY_SECONDS: '0', ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}) });
    const running = await startService({ config, logger: createLogger('silent'), inMemory: true });
    try {
      assert.equal(running.service.source, 'demo');
      assert.equal(running.service.view().status.livemode, false, "the demo's emulator is a test-mode account");
      const [row] = await running.db.query<{ schema: string }>('select current_schema() as schema');
      assert.equal(row?.schema, DEMO_SCHEMA);
      assert.notEqual(DEMO_SCHEMA, STRIPE_SCHEMA);
    } finally {
      await running.stop();
      await dropTestSchema(DEMO_SCHEMA);
    }
  });
});
