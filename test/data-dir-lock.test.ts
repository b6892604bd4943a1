// Issue 12: two processes on one PGlite DATA_DIR both started, and the folder's files were corrupted (34
// acknowledged events marked processed with no object stored). One process holds the folder; the CLI
// reaches the service that holds it through its HTTP API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { createEmulator, type Emulator } from '../src/emulator/index.ts';
import { runCli, startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { TEST_SECRET_KEY } from './support/service-under-test.ts';
import { STORE_INDEPENDENT } from './support/test-database.ts';

/** The lock beside the PGlite folder of the real data's schema. */
const lockFile = (dataDir: string) => join(dataDir, 'revenue_agent.lock');

const synced = (url: string) =>
  pollUntil(async () => ((await (await fetch(`${url}/api/revenue`)).json()) as { as_of: string | null }).as_of, 'the start-up sync', 30_000);

/** The pid of a process that has exited: nothing runs under it any more. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('one process per PGlite DATA_DIR, and the CLI through the service that holds it', STORE_INDEPENDENT, () => {
  let emulator: Emulator;
  let root: string;
  let env: (dataDir: string) => Record<string, string>;

  before(async () => {
    const state = generateAccount({ seed: 12, customers: 40, prices: 30, coupons: 10, now: Math.floor(Date.now() / 1000) });
    emulator = createEmulator({ secretKey: TEST_SECRET_KEY, state });
    const apiBase = await emulator.listen();
    root = await mkdtemp(join(tmpdir(), 'revenue-agent-lock-'));
    env = (dataDir) => ({ STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_API_BASE: apiBase, PORT: '0', SYNC_INTERVAL_MINUTES: '0', DATA_DIR: dataDir });
  });
  after(async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  });

  test('a second serve on the same DATA_DIR exits 2 with one line while the first keeps serving; a clean stop removes the lock', async () => {
    const dataDir = join(root, 'twice');
    const first = await startServeProcess(env(dataDir));
    try {
      await synced(first.url);
      const second = await runCli(['serve'], env(dataDir));
      assert.equal(second.code, 2, second.stderr);
      assert.equal(second.stdout, '');
      const lines = second.stderr.trim().split('\n');
      assert.equal(lines.length, 1, second.stderr);
      assert.ok(lines[0]!.includes(`DATA_DIR ${dataDir}`), lines[0]);
      assert.match(lines[0]!, new RegExp(`pid ${first.child.pid}\\b.*serving ${first.url}.*stop it`));
      assert.equal((await fetch(`${first.url}/api/revenue`)).status, 200, 'the first keeps serving');
    } finally {
      assert.equal(await stopProcess(first.child), 0);
    }
    assert.equal(existsSync(lockFile(dataDir)), false);
  });

  test('a lock left by a process that died is taken over', async () => {
    const dataDir = join(root, 'stale');
    await mkdir(dataDir, { recursive: true });
    const dead = { pid: await deadPid(), host: hostname(), started_at: '2026-01-01T00:00:00.000Z', url: 'http://127.0.0.1:1' };
    await writeFile(lockFile(dataDir), JSON.stringify(dead));
    const service = await startServeProcess(env(dataDir));
    try {
      const owner = JSON.parse(await readFile(lockFile(dataDir), 'utf8'));
      assert.deepEqual({ pid: owner.pid, url: owner.url }, { pid: service.child.pid, url: service.url });
    } finally {
      assert.equal(await stopProcess(service.child), 0);
    }
  });

  test('metrics and sync exit 2 with one line while a process holds the store without serving HTTP', async () => {
    const dataDir = join(root, 'held');
    await mkdir(dataDir, { recursive: true });
    // This test's own process stands for a one-shot command, or a service still starting.
    const holder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), url: null };
    await writeFile(lockFile(dataDir), JSON.stringify(holder));
    for (const command of [['metrics', '--json'], ['sync']]) {
      const { code, stdout, stderr } = await runCli(command, env(dataDir));
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^revenue-agent: DATA_DIR .*pid ${process.pid}\\b.*not serving HTTP yet.*\n$`));
    }
  });

  test('metrics (table, --json, --history) and sync print the same through a running service as on the store itself', async () => {
    const dataDir = join(root, 'shared');
    const cli = (...args: string[]) =>
      runCli(args, env(dataDir)).then(({ code, stdout, stderr }) => {
        assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
        return stdout;
      });
    const all = async () => ({ json: JSON.parse(await cli('metrics', '--json')), table: await cli('metrics'), history: await cli('metrics', '--history') });

    const service = await startServeProcess(env(dataDir));
    let throughService;
    let syncedThroughService;
    try {
      await synced(service.url);
      syncedThroughService = await cli('sync');
      throughService = await all();
    } finally {
      assert.equal(await stopProcess(service.child), 0);
    }
    const onStore = await all();
    const syncedOnStore = await cli('sync');

    assert.match(syncedThroughService, /^sync #2 succeeded: .*\d+ subscription.*\(\d+ requests\)\n$/);
    // The same account listed again; only the run's number and the requests it took may differ.
    const run = (line: string) => line.replace(/#\d+/, '#n').replace(/\d+ requests/, 'n requests');
    assert.equal(run(syncedOnStore), run(syncedThroughService));
    assert.ok(throughService.json.mrr > 0);
    const { timestamp: at, ...figures } = throughService.json;
    const { timestamp: atOnStore, ...figuresOnStore } = onStore.json;
    assert.ok(at && atOnStore);
    assert.deepEqual(figures, figuresOnStore);
    assert.equal(JSON.stringify(Object.keys(throughService.json)), JSON.stringify(Object.keys(onStore.json)), 'the same keys in the same order');
    assert.equal(throughService.table, onStore.table);
    assert.equal(throughService.history, onStore.history);
  });

  test('with DASHBOARD_TOKEN, the CLI reaches the running service with its bearer token, which the service requires', async () => {
    const dataDir = join(root, 'token');
    const token = 'data-dir-lock-tests-token-0123456789';
    const withToken = { ...env(dataDir), DASHBOARD_TOKEN: token };
    const service = await startServeProcess(withToken);
    try {
      const answer = await fetch(`${service.url}/api/revenue`);
      assert.equal(answer.status, 401);
      await pollUntil(
        async () => ((await (await fetch(`${service.url}/api/revenue`, { headers: { authorization: `Bearer ${token}` } })).json()) as { as_of: string | null }).as_of,
        'the start-up sync',
        30_000,
      );
      const metrics = await runCli(['metrics', '--json'], withToken);
      assert.equal(metrics.code, 0, metrics.stderr);
      assert.ok(JSON.parse(metrics.stdout).mrr > 0);
      const sync = await runCli(['sync'], withToken);
      assert.equal(sync.code, 0, sync.stderr);
      assert.match(sync.stdout, /^sync #2 succeeded: /);
      // Asked for again at once: the service's limit on requested syncs (SYNC_REQUEST_MIN_SECONDS, 60 by default).
      const again = await runCli(['sync'], withToken);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /try again in \d+ s/);
      const withoutToken = await runCli(['metrics', '--json'], env(dataDir));
      assert.equal(withoutToken.code, 1);
      assert.match(withoutToken.stderr, /asks for a token: set DASHBOARD_TOKEN/);
      assert.ok(!withoutToken.stderr.includes(token) && !service.output().includes(token), 'the token is never printed or logged');
    } finally {
      assert.equal(await stopProcess(service.child), 0);
    }
  });
});
