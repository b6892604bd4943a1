import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { createEmulator, type Emulator } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { runCli, startListeningProcess, startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { TEST_SECRET_KEY } from './support/service-under-test.ts';
import { STORE_INDEPENDENT } from './support/test-database.ts';

describe('the revenue-agent command, as a user runs it', STORE_INDEPENDENT, () => {
  let emulator: Emulator;
  let apiBase: string;
  let dataDir: string;
  let expectedMrr: number;
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    const state = generateAccount({ seed: 11, customers: 60, prices: 40, coupons: 20, now });
    expectedMrr = toMajorUnits(
      expectedDefaultSnapshot(state, now).mrr,
      'usd',
    );
    emulator = createEmulator({ secretKey: TEST_SECRET_KEY, state });
    apiBase = await emulator.listen();
    dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-cli-'));
  });
  after(async () => {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // A password that must never be shown: DATABASE_URL's problems are told without the URL.
  const PASSWORD = 'hunter2-never-shown';
  const bad: Array<[string, string, Record<string, string>?]> = [
    ['PORT', 'eighty'],
    ['PORT', '0x50'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['EXCHANGE_RATES', 'eur'],
    ['STRIPE_SECRET_KEY', 'pk_live_publishable'],
    ['SYNC_INTERVAL_MINUTES', '40000'],
    ['STRIPE_MAX_RPS', '1e3'],
    // Found only when the store is opened: a URL the driver cannot read, a server that refuses the connection.
    ['DATABASE_URL', `postgres://revenue:${PASSWORD}@127.0.0.1:99999/revenue`, { STRIPE_WEBHOOK_SECRET: 'whsec_cli_tests' }],
    ['DATABASE_URL', `postgres://revenue:${PASSWORD}@127.0.0.1:1/revenue`, { STRIPE_WEBHOOK_SECRET: 'whsec_cli_tests' }],
  ];
  for (const [variable, value, extra] of bad) {
    test(`a bad ${variable} (${value.replace(PASSWORD, '…')}) stops the start with exit code 2 and one line naming it`, async () => {
      const { code, stderr, stdout } = await runCli(['serve'], { [variable]: value, DATA_DIR: dataDir, ...extra });
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      const lines = stderr.trim().split('\n');
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0]!, new RegExp(`\\b${variable}\\b`));
      if (variable === 'STRIPE_SECRET_KEY') assert.ok(!stderr.includes(value));
      assert.ok(!stderr.includes(PASSWORD), stderr);
    });
  }

  test('a DATABASE_URL whose server refuses says so, and where, in its one line', async () => {
    const { code, stderr } = await runCli(['serve'], {
      DATABASE_URL: `postgres://revenue:${PASSWORD}@127.0.0.1:1/revenue`,
      STRIPE_WEBHOOK_SECRET: 'whsec_cli_tests',
    });
    assert.equal(code, 2);
    assert.match(stderr, /^revenue-agent: invalid configuration: DATABASE_URL: cannot use the PostgreSQL server at 127\.0\.0\.1:1\/revenue: .*ECONNREFUSED/);
    assert.ok(!stderr.includes(PASSWORD) && !stderr.includes('postgres://'), stderr);
  });

  test('a PORT already taken, or a HOST that is not this machine’s, stops the start with exit code 2 naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const env = { STRIPE_WEBHOOK_SECRET: 'whsec_cli_tests', DATA_DIR: join(dataDir, 'listen') };
      const port = String((taken.address() as AddressInfo).port);
      for (const [variable, extra] of [['PORT', { PORT: port }], ['HOST', { HOST: 'no-such-host.invalid', DASHBOARD_TOKEN: 'cli-tests-dashboard-token' }]] as const) {
        const { code, stderr } = await runCli(['serve'], { ...env, ...extra });
        assert.equal(code, 2, stderr);
        const lines = stderr.trim().split('\n');
        assert.equal(lines.length, 1, stderr);
        assert.match(lines[0]!, new RegExp(`invalid configuration: ${variable}: `));
      }
    } finally {
      taken.close();
    }
  });

  test('serve on a HOST other machines can reach, without DASHBOARD_TOKEN, exits 2 with one line saying how to set one', async () => {
    const { code, stdout, stderr } = await runCli(['serve'], { HOST: '0.0.0.0', STRIPE_WEBHOOK_SECRET: 'whsec_cli_tests', DATA_DIR: join(dataDir, 'exposed') });
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /^revenue-agent: invalid configuration: HOST: .*DASHBOARD_TOKEN=\$\(openssl rand -hex 32\)/);
  });

  test('sync and metrics stop the same way on a DATABASE_URL that cannot be used', async () => {
    for (const command of ['sync', 'metrics']) {
      const { code, stderr } = await runCli([command], { DATABASE_URL: `postgres://revenue:${PASSWORD}@127.0.0.1:1/revenue` });
      assert.equal(code, 2, `${command}: ${stderr}`);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /DATABASE_URL/);
      assert.ok(!stderr.includes(PASSWORD), stderr);
    }
  });

  test('serve with STRIPE_SECRET_KEY and STRIPE_API_BASE serves the account’s figures, and stops on SIGTERM', async () => {
    const { child, url, output } = await startServeProcess({
      STRIPE_SECRET_KEY: TEST_SECRET_KEY,
      STRIPE_API_BASE: apiBase,
      PORT: '0',
      DATA_DIR: join(dataDir, 'serve'),
    });
    try {
      const body = await pollUntil(async () => {
        const response = await fetch(`${url}/api/revenue`);
        const json = (await response.json()) as { as_of: string | null; mrr: number };
        return json.as_of ? json : undefined;
      }, 'the start-up sync');
      assert.equal(body.mrr, expectedMrr);
      assert.ok(!output().includes(TEST_SECRET_KEY), 'the key never reaches the logs');
    } finally {
      assert.equal(await stopProcess(child), 0);
    }
  });

  test('sync runs one full sync and exits; metrics prints the figures it stored', async () => {
    const env = { STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_API_BASE: apiBase, DATA_DIR: join(dataDir, 'cli') };
    const sync = await runCli(['sync'], env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stdout, /^sync #1 succeeded: .*\d+ subscription/);

    const json = await runCli(['metrics', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout);
    assert.equal(body.mrr, expectedMrr);
    assert.equal(body.source, 'stripe');

    const table = await runCli(['metrics'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /MRR/);
    assert.match(table.stdout, new RegExp(expectedMrr.toFixed(2)));

    const history = await runCli(['metrics', '--history'], env);
    assert.equal(history.code, 0, history.stderr);
    const months = history.stdout.match(/\b\d{4}-\d{2}\b/g) ?? [];
    assert.equal(new Set(months).size, 12, history.stdout);
    assert.ok(history.stdout.includes(new Date().toISOString().slice(0, 7)), 'the current month is the last row');
    assert.match(history.stdout, new RegExp(expectedMrr.toFixed(2)), 'this month ends at the current MRR');
  });

  test('emulator serves a generated account with Stripe’s API on its own', async () => {
    const { child, url } = await startListeningProcess(
      ['emulator', '--port', '0', '--customers', '20', '--key', 'sk_test_cli_emulator'],
      {},
      (line) => /listening on (http:\S+)/.exec(line)?.[1],
    );
    try {
      const denied = await fetch(`${url}/v1/customers`);
      assert.equal(denied.status, 401);
      const listed = await fetch(`${url}/v1/customers?limit=5`, { headers: { authorization: 'Bearer sk_test_cli_emulator' } });
      const body = (await listed.json()) as { object: string; data: unknown[]; has_more: boolean };
      assert.equal(body.object, 'list');
      assert.equal(body.data.length, 5);
      assert.equal(body.has_more, true);
    } finally {
      assert.equal(await stopProcess(child), 0);
    }
  });

  test('sync without a key says so and fails', async () => {
    const { code, stderr } = await runCli(['sync'], { DATA_DIR: join(dataDir, 'nokey') });
    assert.equal(code, 1);
    assert.match(stderr, /STRIPE_SECRET_KEY/);
  });
});
