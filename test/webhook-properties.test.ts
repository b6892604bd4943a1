import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { EmulatorState } from '../src/emulator/index.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { MAX_BODY_BYTES } from '../src/http/body-limit.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_property_tests_secret';

/** Signs raw bytes exactly as Stripe does: HMAC-SHA256 of "t." followed by the body. */
function signature(body: Uint8Array, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

/** Header values a client can send at all: no control characters but tab. */
const headerValue = fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => /^[\t\x20-\x7e\u0080-\u00ff]*$/.test(s));
/** Headers shaped like Stripe's, with made-up parts. */
const stripeLikeHeader = fc
  .tuple(fc.oneof(fc.integer(), fc.string({ maxLength: 12 })), fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }), fc.string({ maxLength: 70 })), { maxLength: 3 }))
  .map(([t, v1s]) => [`t=${t}`, ...v1s.map((v) => `v1=${v}`)].join(',').replace(/[^\t\x20-\x7e]/g, ''));

/** Event-like JSON: some envelopes right, most slightly wrong. */
const eventLike = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
    type: fc.oneof(fc.constantFrom('customer.created', 'invoice.paid', 'ping'), fc.string({ maxLength: 20 })),
    created: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.double(), fc.string({ maxLength: 5 })),
    api_version: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })),
    data: fc.record({ object: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.jsonValue({ maxDepth: 2 })) }),
  },
  { requiredKeys: [] },
);

/**
 * Whatever arrives at the webhook route, it answers: 200 or a clear 4xx, never a 500 and never a crash,
 * and a refused body changes nothing.
 */
describe(`POST /webhooks/stripe, any input (${store})`, () => {
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  let validEvent: string;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET });
    const state = new EmulatorState();
    validEvent = JSON.stringify(state.recordEvent('customer.created', new AccountBuilder(state).customer({})));
  });
  after(async () => sut.stop());

  const post = (body: string | Uint8Array, header?: string) =>
    sut.running.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { 'stripe-signature': header }) },
      payload: typeof body === 'string' ? body : Buffer.from(body),
    });
  /** What a refused body must leave as it was: the figures, and the events stored. */
  const state = async () => {
    const [row] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from stripe_events');
    // The figures only: when the events before were applied (as_of, the backlog) moves on its own.
    const { timestamp: _t, as_of: _a, pending_events: _p, oldest_pending_age_seconds: _o, ...figures } = (await sut.get('/api/revenue')).body;
    return { events: row!.n, figures };
  };

  test('any Stripe-Signature header on a real event: 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(headerValue, stripeLikeHeader), async (header) => {
        const response = await post(validEvent, header);
        assert.equal(response.statusCode, 400, `${header} → ${response.body}`);
        assert.ok(['invalid_signature'].includes(response.json().error.code));
      }),
      { numRuns: 150 },
    );
  });

  test('any bytes, unsigned: 400 (or 413 over the limit), nothing changed', async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        assert.equal((await post(bytes)).statusCode, 400);
      }),
      { numRuns: 60 },
    );
    const atLimit = new Uint8Array(MAX_BODY_BYTES).fill(0x7b);
    assert.equal((await post(atLimit, signature(atLimit, 'whsec_other'))).statusCode, 400);
    assert.deepEqual(await state(), before);
  });

  test('any bytes, correctly signed: 200 or a 4xx with a reason, never a 5xx; a refusal changes nothing', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      eventLike.map((event) => new TextEncoder().encode(JSON.stringify(event))),
      fc.tuple(fc.nat({ max: 400 }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => {
        const valid = new TextEncoder().encode(validEvent);
        return new Uint8Array([...valid.subarray(0, at), ...bytes, ...valid.subarray(at + bytes.length)]);
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        await sut.running.service.eventsSettled();
        const before = await state();
        const response = await post(bytes, signature(bytes, SECRET));
        assert.ok(response.statusCode === 200 || (response.statusCode >= 400 && response.statusCode < 500), `${response.statusCode} ${response.body}`);
        if (response.statusCode !== 200) {
          assert.equal(typeof response.json().error.message, 'string');
          assert.deepEqual(await state(), before);
        }
      }),
      { numRuns: 120 },
    );
    await sut.running.service.eventsSettled();
    assert.equal((await sut.get('/health')).status, 200);
  });
});
