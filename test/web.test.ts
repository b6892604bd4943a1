import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const WEB_DIR = new URL('../src/web/', import.meta.url);
const CHART_JS = '/vendor/chart.js/chart.umd.min.js';
const SECRET_SHAPES = /\b(?:sk|rk)_(?:test|live)_|whsec_/;

describe(`the dashboard's files, through the real server (${store})`, () => {
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  let html = '';
  before(async () => {
    sut = await startTestService({ DEMO_ACTIVITY_SECONDS: '0' });
  });
  after(async () => sut.stop());

  const fetchPath = async (path: string) => {
    const response = await sut.running.app.inject({ method: 'GET', url: path });
    const headers = new Headers(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
    return { status: response.statusCode, type: headers.get('content-type') ?? '', headers, text: response.body };
  };

  test('GET / is the page: 200, HTML, a policy that keeps it on this origin', async () => {
    const page = await fetchPath('/');
    assert.equal(page.status, 200);
    assert.match(page.type, /^text\/html/);
    assert.match(page.text, /<h1>Revenue Agent<\/h1>/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'.*script-src 'self'.*connect-src 'self'/);
    html = page.text;
  });

  test('every script and stylesheet the page names is served with its type; none comes from elsewhere', async () => {
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((a) => !a.startsWith('data:'));
    assert.deepEqual(assets.sort(), ['/dashboard.css', '/dashboard.js', CHART_JS].sort());
    const types: Record<string, RegExp> = { css: /^text\/css/, js: /^(?:application|text)\/javascript/ };
    for (const path of assets) {
      const asset = await fetchPath(path);
      assert.equal(asset.status, 200, path);
      assert.match(asset.type, types[path.split('.').at(-1)!]!, path);
    }
  });

  test('chart.js is served from node_modules, byte for byte', async () => {
    const file = createRequire(import.meta.url).resolve('chart.js').replace(/chart\.cjs$/, 'chart.umd.min.js');
    const served = await fetchPath(CHART_JS);
    assert.equal(served.status, 200);
    assert.equal(served.text, await readFile(file, 'utf8'));
    assert.match(served.text, /Chart\.js v4/);
  });

  test('nothing else from node_modules is reachable', async () => {
    for (const path of ['/vendor/chart.js/chart.js', '/vendor/chart.js/../package.json', '/vendor/chart.js/%2e%2e/package.json', '/vendor/chart.js/']) {
      const response = await fetchPath(path);
      assert.ok(response.status === 404 || response.status === 403, `${path}: ${response.status}`);
      assert.ok(JSON.parse(response.text).error.code, path);
    }
  });

  test('the API keeps its routes and its 404 body', async () => {
    assert.equal((await sut.get('/health')).status, 200);
    assert.equal((await sut.get('/api/revenue')).body.source, 'demo');
    const missing = await sut.get('/no-such-page');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });

  test('the page carries no secrets: not the running webhook secret, nothing shaped like a key or secret', async () => {
    const secrets = [...sut.running.service.webhookSecrets];
    assert.ok(secrets.length > 0, 'the demo account has a webhook secret to look for');
    for (const name of await readdir(WEB_DIR)) {
      const served = await fetchPath(name === 'index.html' ? '/' : `/${name}`);
      assert.doesNotMatch(served.text, SECRET_SHAPES, name);
      for (const secret of secrets) assert.ok(!served.text.includes(secret), name);
    }
  });

  test('each file of the page stays under 8 KB', async () => {
    for (const name of await readdir(WEB_DIR)) {
      const { size } = await stat(new URL(name, WEB_DIR));
      assert.ok(size < 8 * 1024, `${name} is ${size} bytes`);
    }
  });
});
