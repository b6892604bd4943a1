// Issue 11: every route was open to anyone who could reach the port, a cross-site form could start a sync,
// and a loopback bind answered to any Host name (DNS rebinding).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { buildApp } from '../src/http/app.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const TOKEN = 'access-tests-token-0123456789abcdef';
const LISTED_ORIGIN = 'https://app.example.com';

function assertSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  assert.match(String(headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/, what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['referrer-policy'], 'same-origin', what);
}

const sessionOf = (response: LightMyRequestResponse) => /^(revenue_agent_session=[^;]*)/.exec(String(response.headers['set-cookie']))?.[1];

describe('access with DASHBOARD_TOKEN', () => {
  let sut: ServiceUnderTest;
  const inject = (options: InjectOptions) => sut.running.app.inject(options);
  const bearer = { authorization: `Bearer ${TOKEN}` };

  before(async () => {
    const state = generateAccount({ seed: 5, customers: 8, prices: 4, coupons: 1, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state, { env: { DASHBOARD_TOKEN: TOKEN, CORS_ORIGINS: LISTED_ORIGIN, SYNC_REQUEST_MIN_SECONDS: '60' } });
    await pollUntil(async () => (await inject({ url: '/api/revenue', headers: bearer })).json().as_of, 'the start-up sync');
  });
  after(async () => sut.stop());

  test('without credentials the API answers 401 with WWW-Authenticate, and the page sends a person to /login', async () => {
    for (const url of ['/api/revenue', '/api/metrics/mrr', '/api/events/dead', '/metrics']) {
      const response = await inject({ url });
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.headers['www-authenticate'], 'Bearer');
      assert.equal(response.json().error.code, 'unauthorized');
      assert.ok(!response.body.includes(TOKEN));
    }
    for (const url of ['/', '/dashboard.js']) {
      const response = await inject({ url });
      assert.equal(response.statusCode, 303, url);
      assert.equal(response.headers.location, '/login');
    }
    assert.equal((await inject({ method: 'POST', url: '/api/revenue/sync', payload: {} })).statusCode, 401);
    assert.equal((await inject({ url: '/api/revenue', headers: { authorization: 'Bearer not-the-token-at-all' } })).statusCode, 401);
  });

  test('/health, /ready, /webhooks/stripe and the login page are open', async () => {
    assert.equal((await inject({ url: '/health' })).statusCode, 200);
    assert.notEqual((await inject({ url: '/ready' })).statusCode, 401);
    assert.equal((await inject({ method: 'POST', url: '/webhooks/stripe', payload: {} })).statusCode, 503, 'reached the route: no webhook secret here');
    const login = await inject({ url: '/login' });
    assert.equal(login.statusCode, 200);
    assert.match(login.body, /<form method="post" action="\/login">/);
    assert.ok(!/<script/i.test(login.body), 'no script, inline or not');
    assert.equal((await inject({ url: '/login.css' })).statusCode, 200);
  });

  test('a bearer token opens the API and the page', async () => {
    assert.equal((await inject({ url: '/api/revenue', headers: bearer })).statusCode, 200);
    assert.equal((await inject({ url: '/', headers: bearer })).statusCode, 200);
  });

  test('logging in sets an HttpOnly, SameSite=Strict session cookie that opens the page and the API; logging out ends it', async () => {
    const login = await inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${TOKEN}`, remoteAddress: '10.0.0.1' });
    assert.equal(login.statusCode, 303);
    assert.equal(login.headers.location, '/');
    const setCookie = String(login.headers['set-cookie']);
    assert.match(setCookie, /; Path=\//);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Secure/, 'plain HTTP, no proxy trusted');
    assert.ok(!setCookie.includes(TOKEN), 'the cookie is not the token');
    const cookie = sessionOf(login)!;
    assert.equal((await inject({ url: '/', headers: { cookie } })).statusCode, 200);
    assert.equal((await inject({ url: '/api/revenue', headers: { cookie } })).statusCode, 200);
    assert.equal((await inject({ url: '/api/revenue', headers: { cookie: `${cookie.slice(0, -2)}xx` } })).statusCode, 401, 'a forged MAC');

    const crossSite = await inject({ method: 'POST', url: '/logout', headers: { cookie, origin: 'https://evil.example' } });
    assert.equal(crossSite.statusCode, 403);
    const logout = await inject({ method: 'POST', url: '/logout', headers: { cookie, origin: 'http://localhost:80' } });
    assert.equal(logout.statusCode, 303);
    assert.match(String(logout.headers['set-cookie']), /^revenue_agent_session=; .*Max-Age=0/);
  });

  test('GET /api/session says how the request was let in: by the cookie or the bearer token; without either, 401', async () => {
    const login = await inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${TOKEN}`, remoteAddress: '10.0.0.3' });
    const withCookie = await inject({ url: '/api/session', headers: { cookie: sessionOf(login)! } });
    assert.deepEqual(withCookie.json(), { authenticated: true, method: 'cookie' });
    assert.deepEqual((await inject({ url: '/api/session', headers: bearer })).json(), { authenticated: true, method: 'bearer' });
    assert.equal((await inject({ url: '/api/session' })).statusCode, 401);
  });

  test('a session cookie of another token opens nothing', async () => {
    const other = buildApp({ service: sut.running.service, logger: false, access: { dashboardToken: 'another-token-0123456789', corsOrigins: [], trustProxy: false } });
    const login = await other.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'token=another-token-0123456789' });
    await other.close();
    assert.equal((await inject({ url: '/api/revenue', headers: { cookie: sessionOf(login)! } })).statusCode, 401);
  });

  test('behind a trusted proxy on TLS the cookie is Secure; X-Forwarded-Proto is ignored unless TRUST_PROXY', async () => {
    for (const trustProxy of [true, false]) {
      const app = buildApp({ service: sut.running.service, logger: false, access: { dashboardToken: TOKEN, corsOrigins: [], trustProxy } });
      const login = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        payload: `token=${TOKEN}`,
      });
      await app.close();
      assert.equal(/; Secure/.test(String(login.headers['set-cookie'])), trustProxy);
    }
  });

  test('wrong tokens are limited per client address: the sixth try in a minute is 429 with Retry-After, even with the right token', async () => {
    const attempt = (token: string, remoteAddress: string) =>
      inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${encodeURIComponent(token)}`, remoteAddress });
    for (let i = 0; i < 5; i++) assert.equal((await attempt(`wrong-${i}`, '10.9.9.9')).statusCode, 401);
    const limited = await attempt(TOKEN, '10.9.9.9');
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60);
    assert.equal((await attempt(TOKEN, '10.8.8.8')).statusCode, 303, 'another address is not held back');
  });

  test('a cookie-borne change must come from this origin; a bearer one needs no Origin', async () => {
    const login = await inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${TOKEN}`, remoteAddress: '10.0.0.2' });
    const cookie = sessionOf(login)!;
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, {}]) {
      const response = await inject({ method: 'POST', url: '/api/events/dead/retry', headers: { cookie, ...headers }, payload: {} });
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().error.code, 'cross_site_refused');
    }
    assert.equal((await inject({ method: 'POST', url: '/api/events/dead/retry', headers: { cookie, origin: 'http://localhost:80' }, payload: {} })).statusCode, 200);
    assert.equal((await inject({ method: 'POST', url: '/api/events/dead/retry', headers: bearer, payload: {} })).statusCode, 200);
  });

  test('syncs asked for are at most one a minute: the next is 429 with Retry-After', async () => {
    const first = await inject({ method: 'POST', url: '/api/revenue/sync', headers: bearer, payload: {} });
    assert.equal(first.statusCode, 200);
    const second = await inject({ method: 'POST', url: '/api/revenue/sync', headers: bearer, payload: {} });
    assert.equal(second.statusCode, 429);
    assert.equal(second.json().error.code, 'sync_requested_too_soon');
    const retryAfter = Number(second.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, String(retryAfter));
  });

  test('CORS answers only a listed origin', async () => {
    const listed = await inject({ url: '/api/revenue', headers: { ...bearer, origin: LISTED_ORIGIN } });
    assert.equal(listed.headers['access-control-allow-origin'], LISTED_ORIGIN);
    const preflight = await inject({ method: 'OPTIONS', url: '/api/revenue', headers: { origin: LISTED_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], LISTED_ORIGIN);
    const other = await inject({ url: '/api/revenue', headers: { ...bearer, origin: 'https://evil.example' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });
});

describe('access without DASHBOARD_TOKEN (loopback bind)', () => {
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  const inject = (options: InjectOptions) => sut.running.app.inject(options);

  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: 'whsec_access_tests' });
  });
  after(async () => sut.stop());

  test('a Host that is not a loopback name is refused, but for /health and /webhooks/stripe', async () => {
    for (const host of ['localhost:5000', '127.0.0.1:5000', '[::1]:5000', 'localhost']) assert.equal((await inject({ url: '/api/revenue', headers: { host } })).statusCode, 200, host);
    for (const host of ['rebound.example:5000', 'evil.example', '10.0.0.1:5000']) {
      const response = await inject({ url: '/api/revenue', headers: { host } });
      assert.equal(response.statusCode, 403, host);
      assert.equal(response.json().error.code, 'forbidden_host');
    }
    assert.equal((await inject({ url: '/', headers: { host: 'rebound.example' } })).statusCode, 403);
    assert.equal((await inject({ url: '/health', headers: { host: 'tunnel.example' } })).statusCode, 200);
    assert.equal((await inject({ method: 'POST', url: '/webhooks/stripe', headers: { host: 'tunnel.example', 'content-type': 'application/json' }, payload: '{}' })).statusCode, 400, 'reached the signature check');
  });

  test('GET /api/session: no login here, so nothing to sign out of', async () => {
    assert.deepEqual((await inject({ url: '/api/session' })).json(), { authenticated: false, method: 'none' });
  });

  test('changes are taken as JSON from this origin; a cross-site form post is refused', async () => {
    assert.equal((await inject({ method: 'POST', url: '/api/events/dead/retry', payload: {} })).statusCode, 200);
    assert.equal((await inject({ method: 'POST', url: '/api/events/dead/retry', headers: { origin: 'http://localhost:80' }, payload: {} })).statusCode, 200);
    const refused = [
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json', origin: 'https://evil.example' },
    ];
    for (const headers of refused) {
      const response = await inject({ method: 'POST', url: '/api/revenue/sync', headers, payload: headers['content-type'] === 'application/json' ? '{}' : 'a=1' });
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().error.code, 'cross_site_refused');
    }
    assert.equal((await inject({ method: 'POST', url: '/api/events/x/retry', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode, 403);
  });

  test('security headers on JSON, errors, refusals and the page; no CORS headers', async () => {
    const responses: Array<[string, LightMyRequestResponse]> = [
      ['JSON', await inject({ url: '/api/revenue' })],
      ['404', await inject({ url: '/no-such-route' })],
      ['400', await inject({ url: '/api/events/dead?limit=0' })],
      ['refusal', await inject({ url: '/api/revenue', headers: { host: 'evil.example' } })],
      ['page', await inject({ url: '/' })],
      ['script', await inject({ url: '/dashboard.js' })],
      ['health', await inject({ url: '/health' })],
      // Refused by Fastify before any route or hook: a path that is not percent-encoding, a part over the router's limit.
      ['bad path', await inject({ url: '/api/customers/%' })],
      ['long path', await inject({ url: `/api/customers/cus_${'x'.repeat(300)}` })],
    ];
    for (const [what, response] of responses) {
      assertSecurityHeaders(response.headers, what);
      assert.equal(response.headers['access-control-allow-origin'], undefined, what);
    }
    const [badPath, longPath] = responses.slice(-2).map(([, response]) => response);
    assert.deepEqual([badPath!.statusCode, badPath!.json().error.code], [400, 'bad_request']);
    assert.deepEqual([longPath!.statusCode, longPath!.json().error.code], [414, 'uri_too_long']);
    assert.ok(badPath!.headers['x-request-id'], 'the request id, as on every answer');
    assert.equal((await inject({ url: '/api/revenue', headers: { origin: 'https://app.example.com' } })).headers['access-control-allow-origin'], undefined);
    assert.equal((await inject({ url: '/login' })).statusCode, 404, 'no login without a token');
  });

  test('security headers where Fastify does not answer: the event stream, and a request that is not HTTP', async () => {
    const streamed = new AbortController();
    const stream = await fetch(`${sut.url}/api/stream`, { signal: streamed.signal });
    const headers = Object.fromEntries(stream.headers);
    streamed.abort();
    assert.equal(stream.status, 200);
    assertSecurityHeaders(headers, 'event stream');
    assert.ok(headers['x-request-id'], 'the request id too');

    const { hostname, port } = new URL(sut.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('NOT HTTP\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 /);
    const head = raw.split('\r\n\r\n')[0]!.split('\r\n').slice(1);
    const rawHeaders = Object.fromEntries(head.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    assertSecurityHeaders(rawHeaders, 'a request that is not HTTP');
  });
});
