import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/**
 * Every GET route, with the query parameters it reads (any other is ignored, and is tried too); `{any}` in
 * a path is any string as well. The POST routes that read only their path are tried too: there is nothing
 * to retry, so they change nothing either.
 */
const ROUTES: Array<{ method: 'GET' | 'HEAD' | 'POST'; path: string; params: string[] }> = [
  { method: 'GET', path: '/', params: [] },
  { method: 'GET', path: '/health', params: [] },
  { method: 'GET', path: '/ready', params: [] },
  { method: 'GET', path: '/api/session', params: [] },
  { method: 'GET', path: '/api/revenue', params: [] },
  { method: 'GET', path: '/api/revenue/sync', params: [] },
  { method: 'GET', path: '/api/metrics/mrr', params: ['from', 'to', 'interval', 'format'] },
  { method: 'GET', path: '/api/metrics/movements', params: ['from', 'to', 'interval', 'format'] },
  { method: 'GET', path: '/api/metrics/movements/customers', params: ['period', 'type', 'format'] },
  { method: 'GET', path: '/api/metrics/summary', params: ['period'] },
  { method: 'GET', path: '/api/metrics/changes', params: ['days'] },
  { method: 'GET', path: '/api/customers', params: ['search', 'limit', 'offset'] },
  { method: 'GET', path: '/api/customers/{any}', params: [] },
  { method: 'GET', path: '/api/activity', params: ['limit'] },
  { method: 'GET', path: '/api/events/dead', params: ['limit'] },
  { method: 'GET', path: '/api/alerts/dead', params: ['limit'] },
  { method: 'GET', path: '/mcp', params: [] },
  { method: 'GET', path: '/metrics', params: [] },
  // GET would stream for ever; HEAD answers the same headers and ends.
  { method: 'HEAD', path: '/api/stream', params: [] },
  { method: 'POST', path: '/api/events/{any}/retry', params: [] },
  { method: 'POST', path: '/api/alerts/dead/{any}/retry', params: [] },
];

/** Dates and months near the edges (real or not), alongside any string at all. */
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  dateLike,
  dateLike.map((date) => date.slice(0, 7)),
  fc.date({ min: new Date('1899-01-01'), max: new Date('2101-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('day', 'week', 'month', 'year', 'DAY', '', ' ', 'null', '[]', '{}', '%', '0', '-1', '1e9'),
);
/** Encoded as a browser would, or raw, with the characters that mean something in a query. */
const encoded = fc.oneof(
  value.map((text) => text.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).map(encodeURIComponent),
  fc.string({ unit: fc.constantFrom(...'%&=[].+,;abc019-_'), maxLength: 20 }),
);

function queryFor(params: string[]) {
  const name = fc.oneof(fc.constantFrom(...(params.length > 0 ? params : ['from'])), fc.constantFrom('x', 'from[]', 'to[0]', '__proto__', 'constructor', ''));
  return fc.array(fc.tuple(name, encoded), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

const request = fc
  .constantFrom(...ROUTES)
  .chain((route) =>
    fc.tuple(encoded, queryFor(route.params)).map(([segment, query]) => {
      const path = route.path.replace('{any}', segment);
      return { method: route.method, url: query ? `${path}?${query}` : path };
    }),
  );

/** What the figures are, apart from when they were asked for. */
function figures(body: Record<string, unknown>) {
  const { timestamp: _timestamp, ...rest } = body;
  return rest;
}

describe(`every query and path of every route that reads one, given any string (${store})`, () => {
  let sut: ServiceUnderTest;
  before(async () => {
    const state = generateAccount({ seed: 21, customers: 40, prices: 20, coupons: 10, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state);
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
    await sut.running.service.derivationsSettled();
  });
  after(async () => sut.stop());

  test('answers 200 or a 4xx JSON error that says what is wrong: never a 500, a hang, or a changed figure', async () => {
    const before = figures((await sut.get('/api/revenue')).body);
    await fc.assert(
      fc.asyncProperty(request, async ({ method, url }) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${method} ${url} did not answer within 5 s`)), 5_000);
        });
        try {
          // A POST as the dashboard sends it, which the cross-site check lets through to the route.
          const body = method === 'POST' ? { headers: { 'content-type': 'application/json' }, payload: '{}' } : {};
          const response = await Promise.race([sut.running.app.inject({ method, url, ...body }), deadline]);
          const status = response.statusCode;
          assert.ok(status === 200 || (status >= 400 && status < 500), `${method} ${url} answered ${status}: ${response.body}`);
          if (status !== 200) {
            const body = response.json() as { error?: { code?: unknown; message?: unknown } };
            assert.equal(typeof body.error?.code, 'string', `${method} ${url}: ${response.body}`);
            assert.equal(typeof body.error?.message, 'string', `${method} ${url}: ${response.body}`);
            assert.doesNotMatch(String(body.error?.message), /NaN|undefined|Error:/, `${method} ${url}: ${response.body}`);
          } else if (method === 'GET' && url.startsWith('/api/')) {
            response.json();
          }
        } finally {
          clearTimeout(timer);
        }
      }),
      { numRuns: 400 },
    );
    assert.deepEqual(figures((await sut.get('/api/revenue')).body), before);
  });

  test('the history routes agree with themselves on whatever range they accept', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom('day', 'week', 'month'),
        async (start, days, interval) => {
          const from = start.toISOString().slice(0, 10);
          const to = new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
          const mrr = await sut.get(`/api/metrics/mrr?from=${from}&to=${to}&interval=${interval}`);
          const moves = await sut.get(`/api/metrics/movements?from=${from}&to=${to}&interval=${interval}`);
          assert.equal(mrr.status, 200, JSON.stringify(mrr.body));
          assert.equal(moves.status, 200, JSON.stringify(moves.body));
          assert.equal(mrr.body.points.length, moves.body.points.length);
          assert.equal(mrr.body.from, from);
          assert.equal(mrr.body.to, to);
        },
      ),
      { numRuns: 60 },
    );
  });
});
