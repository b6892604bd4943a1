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
import { startService, type RunningService } from '../src/server/start-service.ts';
import pg from 'pg';
import { TEST_DATABASE_URL } from './support/test-database.ts';

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

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
    }
  });

  test('demo data lives in a schema of the instance’s own, never the real one nor another instance’s, and goes when it stops', async () => {
    const config = loadConfig({ PORT: '0', DEMO_ACTIVITY_SECONDS: '0', ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}) });
    const abandoned = `${DEMO_SCHEMA}_deadbeef`;
    if (TEST_DATABASE_URL) await withServer((client) => client.query(`create schema if not exists ${abandoned}; create table ${abandoned}.left_by_a_crash (id int)`));
    const [first, second] = await Promise.all([1, 2].map(() => startService({ config, logger: createLogger('silent'), inMemory: true })));
    const schemaOf = async (running: RunningService) => (await running.db.query<{ schema: string }>('select current_schema() as schema'))[0]!.schema;
    try {
      assert.equal(first!.service.source, 'demo');
      assert.equal(first!.service.view().status.livemode, false, "the demo's emulator is a test-mode account");
      const schemas = [await schemaOf(first!), await schemaOf(second!)];
      if (!TEST_DATABASE_URL) return assert.deepEqual(schemas, [DEMO_SCHEMA, DEMO_SCHEMA], 'each in its own PGlite, in memory');
      for (const schema of schemas) assert.match(schema, new RegExp(`^${DEMO_SCHEMA}_[0-9a-f]{8}$`), 'never the real data’s schema');
      assert.notEqual(schemas[0], schemas[1]);
      await first!.stop();
      const left = await withServer(async (client) => (await client.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like 'revenue_agent_demo%'`)).rows.map((r) => r.name));
      assert.deepEqual(
        [schemas[0], abandoned, schemas[1]].map((schema) => left.includes(schema!)),
        [false, false, true],
        'the stopped one’s schema and the abandoned one are gone; the running one’s is kept',
      );
    } finally {
      await first!.stop().catch(() => undefined);
      await second!.stop();
    }
  });
});
