import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_EVENT_TYPES } from '../src/emulator/sample-event.ts';
import { runCli } from './support/cli-process.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const SECRET = 'whsec_trigger_test_secret';

describe('revenue-agent trigger <event-type>', () => {
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  before(async () => (sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET })));
  after(async () => sut.stop());

  test('sends a signed sample subscription that the service verifies, stores and counts', async () => {
    const { code, stdout, stderr } = await runCli(['trigger', 'customer.subscription.created', '--url', `${sut.url}/webhooks/stripe`], {
      STRIPE_WEBHOOK_SECRET: SECRET,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /customer\.subscription\.created evt_\w+ → 200 /);
    await sut.running.service.eventsSettled();
    assert.equal((await sut.get('/api/revenue')).body.mrr, 10);
  });

  test('every sample type is accepted by the service', async () => {
    const { sampleEvent } = await import('../src/emulator/sample-event.ts');
    const Stripe = (await import('stripe')).default;
    for (const type of SAMPLE_EVENT_TYPES) {
      const payload = JSON.stringify(sampleEvent(type));
      const response = await fetch(`${sut.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
        body: payload,
      });
      assert.equal(response.status, 200, type);
    }
    await sut.running.service.eventsSettled();
    const [row] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from stripe_events where processed_at is null');
    assert.equal(row?.n, 0);
  });

  test('an unknown type or a missing secret is refused before anything is sent', async () => {
    const unknown = await runCli(['trigger', 'no.such.event', '--url', `${sut.url}/webhooks/stripe`], { STRIPE_WEBHOOK_SECRET: SECRET });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no sample for no\.such\.event/);
    const noSecret = await runCli(['trigger', 'customer.created', '--url', `${sut.url}/webhooks/stripe`], {});
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /STRIPE_WEBHOOK_SECRET/);
  });
});
