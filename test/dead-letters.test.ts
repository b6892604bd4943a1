// Issue 12: an event that can't be applied is set aside with its reason, never kills the process nor holds
// up the events behind it, is shown wherever the figures are, and can be retried.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { createRevenueService } from '../src/service/revenue-service.ts';
import { eventsRepository } from '../src/store/events-repository.ts';
import { pollUntil } from './support/poll.ts';
import { quickEventRetries, startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_dead_letter_tests';

function fixtures(state: EmulatorState) {
  const b = new AccountBuilder(state);
  const now = () => Math.floor(Date.now() / 1000);
  return {
    b,
    event: (type: string, object: { id: string; object: string }) => state.recordEvent(type, object, undefined, { created: now() }),
    /** A charge as an older or broken sender might give it: no currency. */
    chargeWithoutCurrency(): { id: string; object: string } {
      const charge = { ...b.charge({ customer: b.customer({}), amount: 5000, currency: 'usd' }) } as Record<string, unknown>;
      delete charge.currency;
      return charge as { id: string; object: string };
    },
  };
}

type Sut = Omit<ServiceUnderTest, 'emulator'>;

const eventRow = async (sut: Sut, id: string) =>
  (await sut.running.db.query<{ processed: boolean; dead: boolean; attempts: number; last_error: string | null }>(
    'select processed_at is not null as processed, dead_at is not null as dead, attempts, last_error from stripe_events where id = $1',
    [id],
  ))[0];

describe(`dead letters, webhook-only (${store})`, () => {
  const state = new EmulatorState();
  const f = fixtures(state);
  let sut: Sut;
  let badId: string;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET });
  });
  after(async () => sut?.stop());

  test('an event that can not be applied is answered 200, set aside with its reason, and the events behind it go on', async () => {
    const bad = f.event('charge.succeeded', f.chargeWithoutCurrency());
    badId = bad.id;
    const customer = f.b.customer({});
    const good = f.event('customer.created', customer);
    assert.equal((await postSigned(sut.running.app, bad, SECRET)).status, 200);
    assert.equal((await postSigned(sut.running.app, good, SECRET)).status, 200);
    await pollUntil(async () => (await eventRow(sut, bad.id))?.dead, 'the bad event set aside');
    await sut.running.service.eventsSettled();
    assert.equal((await eventRow(sut, good.id))?.processed, true);
    assert.ok((await eventRow(sut, bad.id))?.last_error);

    const revenue = await pollUntil(async () => {
      const r = (await sut.get('/api/revenue')).body;
      return r.dead_events === 1 ? r : undefined;
    }, 'dead_events in /api/revenue');
    assert.equal(revenue.stale, true, 'figures missing an event are not presented as current');
    assert.match(revenue.last_error, /1 Stripe event could not be applied and was set aside/);
    assert.equal(revenue.customers_total, 1);

    const dead = await sut.get('/api/events/dead');
    assert.equal(dead.status, 200);
    assert.equal(dead.body.dead_events, 1);
    assert.deepEqual(dead.body.events.map((e: { id: string; type: string }) => [e.id, e.type]), [[bad.id, 'charge.succeeded']]);
    assert.ok(dead.body.events[0].reason.length > 0);

    const health = await sut.get('/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'degraded');
    assert.equal(health.body.dead_events, 1);

    const metrics = await sut.running.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.body, /^revenue_agent_events_dead 1$/m);
    assert.match(metrics.body, /^revenue_agent_figures_stale 1$/m);
  });

  test('a retry puts it back in line; still failing, it is set aside again', async () => {
    const retried = await sut.post(`/api/events/${badId}/retry`);
    assert.equal(retried.status, 200);
    assert.deepEqual(retried.body, { retried: [badId] });
    // Put back as new: its attempts count again from the start.
    const row = await pollUntil(async () => {
      const r = await eventRow(sut, badId);
      return r?.dead ? r : undefined;
    }, 'the retried event set aside again');
    assert.ok(row.attempts >= 1 && row.attempts <= quickEventRetries.deadAfter, `attempts ${row.attempts}`);
    assert.equal((await sut.post('/api/events/evt_not_set_aside/retry')).status, 404);
    assert.equal((await sut.post('/api/events/evt_%00/retry')).status, 404);
    assert.equal((await sut.get('/api/events/dead?limit=0')).status, 400);
  });

  test('an event naming the prototype as its object is applied as one we do not follow, and blocks nothing', async () => {
    const proto = f.event('customer.updated', { id: 'cus_proto', object: '__proto__' });
    assert.equal((await postSigned(sut.running.app, proto, SECRET)).status, 200);
    await sut.running.service.eventsSettled();
    assert.equal((await eventRow(sut, proto.id))?.processed, true);
  });

  test('a restart meets an unapplied event that can not be applied: it starts, and the event is set aside', async () => {
    const bad = f.event('charge.succeeded', f.chargeWithoutCurrency());
    await eventsRepository(sut.running.db).insert([{ event: bad, source: 'webhook' }]);
    const restarted = await createRevenueService({ config: sut.config, db: sut.running.db, stripe: undefined, source: 'stripe', eventRetry: quickEventRetries });
    try {
      await pollUntil(async () => (await eventRow(sut, bad.id))?.dead, 'the event set aside at start');
      assert.equal(restarted.view().snapshot.customersTotal, 1);
    } finally {
      await restarted.close();
    }
  });
});

describe(`dead letters, re-fetching from Stripe (${store})`, () => {
  const state = new EmulatorState();
  const f = fixtures(state);
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceAgainst(state, { env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
  });
  after(async () => sut?.stop());

  test('Stripe refusing an object for good (403: a key without that permission) sets its events aside at once; others go on', async () => {
    const refused = f.event('customer.created', f.b.customer({}));
    const fine = f.event('customer.created', f.b.customer({}));
    sut.emulator.faults.failNext(1, 403);
    assert.equal((await postSigned(sut.running.app, refused, SECRET)).status, 200);
    await pollUntil(async () => (await eventRow(sut, refused.id))?.dead, 'the refused event set aside');
    assert.match((await eventRow(sut, refused.id))!.last_error!, /403/);
    assert.equal((await postSigned(sut.running.app, fine, SECRET)).status, 200);
    await pollUntil(async () => (await eventRow(sut, fine.id))?.processed, 'the next event applied');
    assert.equal((await eventRow(sut, refused.id))?.attempts, 1, 'a permanent refusal is not retried on its own');
  });

  test('an object id Stripe can not take (20 kB: 431) is refused at the door, and set aside at once if it got in', async () => {
    const event = f.event('customer.updated', { id: `cus_${'x'.repeat(20_000)}`, object: 'customer' });
    const answer = await postSigned(sut.running.app, event, SECRET);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'invalid_event');
    // As an event stored before the door checked it would be, or one from another path.
    await eventsRepository(sut.running.db).insert([{ event, source: 'catch_up' }]);
    await sut.running.service.eventsSettled();
    await pollUntil(async () => (await eventRow(sut, event.id))?.dead, 'the event set aside');
    assert.equal((await eventRow(sut, event.id))?.attempts, 1);
  });

  test('Stripe failing for a while (5xx) is waited out with back-off, never set aside', async () => {
    const event = f.event('customer.created', f.b.customer({}));
    // More failures than one re-fetch's own retries: the event must wait and come back.
    sut.emulator.faults.failNext(15, 500);
    assert.equal((await postSigned(sut.running.app, event, SECRET)).status, 200);
    await pollUntil(async () => (await eventRow(sut, event.id))?.processed, 'the event applied once Stripe answers', 20_000);
    const row = (await eventRow(sut, event.id))!;
    assert.equal(row.dead, false);
    assert.ok(row.attempts >= 2, `waited and came back (attempts ${row.attempts})`);
    const revenue = await pollUntil(async () => {
      const r = (await sut.get('/api/revenue')).body;
      return r.pending_events === 0 ? r : undefined;
    }, 'the backlog empty');
    assert.equal(revenue.last_error === null || /could not be applied/.test(revenue.last_error), true, 'no retrying left');
  });
});
