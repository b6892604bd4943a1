import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { MAX_SYNC_INTERVAL_MINUTES, MAX_TIMER_MS, MAX_TIMER_SECONDS } from './schema.ts';

describe('loadConfig', () => {
  test('defaults: no key, PGlite under ./data, port 5000 on 127.0.0.1, usd, forever, a daily sync, events polled every minute, 25 requests/s', () => {
    const config = loadConfig({});
    assert.equal(config.stripe.secretKey, undefined);
    assert.deepEqual(config.stripe.webhookSecrets, []);
    assert.deepEqual(config.http, { host: '127.0.0.1', port: 5000 });
    assert.deepEqual(config.database, { url: undefined, dataDir: './data' });
    assert.equal(config.metrics.reportingCurrency, 'usd');
    assert.equal(config.metrics.discountPolicy, 'forever');
    assert.equal(config.metrics.rates.size, 0);
    assert.equal(config.syncIntervalMinutes, 1440);
    assert.equal(config.eventsPollSeconds, 60);
    assert.equal(config.stripe.maxRequestsPerSecond, 25);
  });

  test('the request rate: 25/s with a test key, 90/s with a live one, none for a Stripe-compatible server of ours, or STRIPE_MAX_RPS', () => {
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: 'rk_test_abc' }).stripe.maxRequestsPerSecond, 25);
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc' }).stripe.maxRequestsPerSecond, 90);
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripe.maxRequestsPerSecond, Infinity);
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_MAX_RPS: '40' }).stripe.maxRequestsPerSecond, 40);
  });

  test('reads every variable', () => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_one, whsec_two',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DATA_DIR: '/var/lib/revenue-agent',
      REPORTING_CURRENCY: 'EUR',
      EXCHANGE_RATES: 'usd=0.92,jpy=0.0061',
      MRR_DISCOUNTS: 'all_active',
      SYNC_INTERVAL_MINUTES: '15',
      DASHBOARD_TOKEN: 'a-token-of-sixteen-or-more',
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'https://example.com, http://localhost:3000',
      SYNC_REQUEST_MIN_SECONDS: '5',
    });
    assert.equal(config.stripe.secretKey, 'sk_test_abc123');
    assert.deepEqual(config.stripe.webhookSecrets, ['whsec_one', 'whsec_two']);
    assert.equal(config.stripe.apiBase?.port, '12111');
    assert.deepEqual(config.http, { host: '0.0.0.0', port: 8080 });
    assert.equal(config.database.url, 'postgres://postgres@127.0.0.1:5432/test');
    assert.equal(config.metrics.reportingCurrency, 'eur');
    assert.deepEqual([...config.metrics.rates], [['usd', '0.92'], ['jpy', '0.0061']]);
    assert.equal(config.metrics.discountPolicy, 'all_active');
    assert.equal(config.syncIntervalMinutes, 15);
    assert.deepEqual(config.access, {
      dashboardToken: 'a-token-of-sixteen-or-more',
      trustProxy: true,
      corsOrigins: ['https://example.com', 'http://localhost:3000'],
    });
    assert.equal(config.syncRequestMinSeconds, 5);
  });

  test('empty values count as unset', () => {
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: '', PORT: '' }).http.port, 5000);
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['STRIPE_SECRET_KEY', { STRIPE_SECRET_KEY: 'pk_test_publishable' }],
    ['STRIPE_WEBHOOK_SECRET', { STRIPE_WEBHOOK_SECRET: 'secret' }],
    ['STRIPE_API_BASE', { STRIPE_API_BASE: 'localhost:12111' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/db' }],
    ['REPORTING_CURRENCY', { REPORTING_CURRENCY: 'dollars' }],
    ['EXCHANGE_RATES', { EXCHANGE_RATES: 'eur:1.1' }],
    ['EXCHANGE_RATES', { EXCHANGE_RATES: 'eur=-1' }],
    ['MRR_DISCOUNTS', { MRR_DISCOUNTS: 'sometimes' }],
    ['SYNC_INTERVAL_MINUTES', { SYNC_INTERVAL_MINUTES: '-5' }],
    ['EVENTS_POLL_SECONDS', { EVENTS_POLL_SECONDS: 'often' }],
    ['STRIPE_MAX_RPS', { STRIPE_MAX_RPS: '0' }],
    // Decimal digits only: z.coerce took hex, exponents, signs and blanks (PORT=0x50 bound port 80).
    ['PORT', { PORT: '0x50' }],
    ['PORT', { PORT: '8e1' }],
    ['PORT', { PORT: ' 80' }],
    ['PORT', { PORT: '+80' }],
    ['PORT', { PORT: '80.0' }],
    ['STRIPE_MAX_RPS', { STRIPE_MAX_RPS: '1e3' }],
    ['STRIPE_MAX_RPS', { STRIPE_MAX_RPS: '0x10' }],
    ['STRIPE_MAX_RPS', { STRIPE_MAX_RPS: 'Infinity' }],
    ['SYNC_INTERVAL_MINUTES', { SYNC_INTERVAL_MINUTES: '0x10' }],
    ['EVENTS_POLL_SECONDS', { EVENTS_POLL_SECONDS: '6e1' }],
    ['DEMO_ACTIVITY_SECONDS', { DEMO_ACTIVITY_SECONDS: '3e0' }],
    // A timer's delay past 2^31 - 1 ms fires at once: SYNC_INTERVAL_MINUTES=40000 synced in a loop.
    ['SYNC_INTERVAL_MINUTES', { SYNC_INTERVAL_MINUTES: '40000' }],
    ['SYNC_INTERVAL_MINUTES', { SYNC_INTERVAL_MINUTES: String(MAX_SYNC_INTERVAL_MINUTES + 1) }],
    ['EVENTS_POLL_SECONDS', { EVENTS_POLL_SECONDS: String(MAX_TIMER_SECONDS + 1) }],
    ['DEMO_ACTIVITY_SECONDS', { DEMO_ACTIVITY_SECONDS: String(MAX_TIMER_SECONDS + 1) }],
    ['DEMO_ACTIVITY_SECONDS', { DEMO_ACTIVITY_SECONDS: '0.001' }],
    ['DASHBOARD_TOKEN', { DASHBOARD_TOKEN: 'too-short' }],
    ['DASHBOARD_TOKEN', { DASHBOARD_TOKEN: 'sixteen but with blanks' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'https://example.com/path' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: '*' }],
    ['SYNC_REQUEST_MIN_SECONDS', { SYNC_REQUEST_MIN_SECONDS: '86401' }],
    ['SYNC_REQUEST_MIN_SECONDS', { SYNC_REQUEST_MIN_SECONDS: '6e1' }],
  ];
  for (const [variable, env] of bad) {
    test(`rejects a bad ${variable} (${Object.values(env)[0]}), naming it`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`${variable}: `),
      );
    });
  }

  test('a HOST other machines can reach needs DASHBOARD_TOKEN: one line says how to set one, and never echoes a token', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com']) {
      assert.throws(
        () => loadConfig({ HOST: host }),
        (error: unknown) =>
          error instanceof ConfigError && error.variable === 'HOST' && /DASHBOARD_TOKEN=\$\(openssl rand -hex 32\)/.test(error.message) && !error.message.includes('\n'),
      );
      assert.equal(loadConfig({ HOST: host, DASHBOARD_TOKEN: 'x'.repeat(16) }).http.host, host);
    }
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '0:0:0:0:0:0:0:1']) assert.equal(loadConfig({ HOST: host }).http.host, host);
    assert.throws(() => loadConfig({ DASHBOARD_TOKEN: 'secret-but-short' + ' ' }), (error: unknown) => !String(error).includes('secret-but-short'));
    assert.equal(loadConfig({}).syncRequestMinSeconds, 60);
  });

  test('every timer fits in a Node.js timer at the largest value accepted, which is in the message', () => {
    const config = loadConfig({
      SYNC_INTERVAL_MINUTES: String(MAX_SYNC_INTERVAL_MINUTES),
      EVENTS_POLL_SECONDS: String(MAX_TIMER_SECONDS),
      DEMO_ACTIVITY_SECONDS: String(MAX_TIMER_SECONDS),
    });
    assert.ok(config.syncIntervalMinutes * 60_000 <= MAX_TIMER_MS);
    assert.ok(config.eventsPollSeconds * 1000 <= MAX_TIMER_MS);
    assert.ok(config.demoActivitySeconds * 1000 <= MAX_TIMER_MS);
    assert.equal(MAX_TIMER_MS, 2 ** 31 - 1);
    assert.throws(() => loadConfig({ SYNC_INTERVAL_MINUTES: '40000' }), new RegExp(`${MAX_SYNC_INTERVAL_MINUTES}`));
  });

  test('numbers in decimal digits: leading zeros and fractions where a fraction makes sense', () => {
    assert.equal(loadConfig({ PORT: '08080' }).http.port, 8080);
    assert.equal(loadConfig({ STRIPE_MAX_RPS: '2.5' }).stripe.maxRequestsPerSecond, 2.5);
    assert.equal(loadConfig({ DEMO_ACTIVITY_SECONDS: '0.5' }).demoActivitySeconds, 0.5);
    assert.equal(loadConfig({ DEMO_ACTIVITY_SECONDS: '0' }).demoActivitySeconds, 0);
    assert.equal(loadConfig({ EVENTS_POLL_SECONDS: '0' }).eventsPollSeconds, 0);
  });

  test('the error never repeats a secret value', () => {
    const secret = 'sk_live_this-is-not-valid';
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: secret }), (error: Error) => !error.message.includes(secret));
  });

  test('the error is one line even when the value it quotes holds control characters (fast-check found EXCHANGE_RATES="\\0\\n\\0")', () => {
    assert.throws(
      () => loadConfig({ EXCHANGE_RATES: '\u0000\n\u0000' }),
      (error: Error) => error instanceof ConfigError && !/[\u0000-\u001f]/.test(error.message) && error.message.includes('\\n'),
    );
  });
});
