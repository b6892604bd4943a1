// Issue 13: alerts.yaml's rules decide what alerts and where it goes — movements by filter, lifecycle
// happenings (scheduled cancellations, trials ending), MRR thresholds, and digests whose numbers are the API's.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { DigestAlertBody } from '../src/alerts/alert-body.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { replaceSubscription } from '../src/emulator/live-changes.ts';
import { AlertClock } from '../src/service/alert-clock.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
type Sut = Omit<ServiceUnderTest, 'emulator'>;

function alertsFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'alerts.yaml');
  writeFileSync(path, text);
  return path;
}

async function send(sut: Sut, events: readonly StripeEvent[]): Promise<void> {
  for (const event of events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
  await sut.running.service.eventsSettled();
  await sut.running.service.derivationsSettled();
}

const alerts = async (sut: Sut) =>
  sut.running.db.query<{ id: string; body: Record<string, any> }>('select id, body from alert_outbox order by created_at, id');

describe(`alert rules from alerts.yaml (${store})`, () => {
  const state = new EmulatorState();
  const file = alertsFile(`rules:
  - name: churn-only
    channels: [feed]
    movement: { types: [churn] }
  - name: big-new
    channels: [feed]
    urgent: true
    movement: { types: [new], min_amount: 20 }
  - name: huge-new
    channels: [feed]
    movement: { types: [new], min_amount: 100 }
  - name: ending
    channels: [feed]
    lifecycle: { types: [scheduled_cancellation, trial_ending], trial_ending_days: 7 }
  - name: milestone
    channels: [feed]
    metric: { mrr_crosses: 40 }
`);
  let sut: Sut;
  after(() => sut?.stop());

  test('a new subscription alerts through the rules whose filters it passes, and only those', async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, ALERTS_FILE: file });
    const { customer, subscription, events } = newSubscriber(state);
    await send(sut, events);
    const id = `big-new:movement:${customer.id}:${subscription.start_date}:new`;
    assert.deepEqual((await alerts(sut)).map((a) => a.id), [id]);
  });

  test('MRR crossing a threshold alerts once; the first reading only says where it stands', async () => {
    const clock = sut.running.alertClock!;
    await clock.tick();
    assert.equal((await alerts(sut)).filter((a) => a.body.type === 'mrr_threshold').length, 0, '25.00 is below 40.00, as it was');
    await send(sut, newSubscriber(state).events);
    await clock.tick();
    await clock.tick();
    const crossed = (await alerts(sut)).filter((a) => a.body.type === 'mrr_threshold');
    assert.equal(crossed.length, 1);
    assert.deepEqual([crossed[0]!.body.direction, crossed[0]!.body.threshold, crossed[0]!.body.mrr], ['up', { currency: 'usd', amount: 4000 }, { currency: 'usd', amount: 5000 }]);
  });

  test('a subscription set to cancel alerts with the MRR it will take', async () => {
    const { subscription, events } = newSubscriber(state);
    await send(sut, events);
    const periodEnd = subscription.items.data[0]!.current_period_end;
    const updated = replaceSubscription(state, subscription, { cancel_at_period_end: true, cancel_at: periodEnd, canceled_at: state.now() });
    await send(sut, [state.recordEvent('customer.subscription.updated', updated, { cancel_at_period_end: false, cancel_at: null })]);
    const ending = (await alerts(sut)).filter((a) => a.body.type === 'scheduled_cancellation');
    assert.deepEqual(
      ending.map((a) => [a.id, a.body.cancel_at, a.body.mrr.reporting]),
      [[`ending:scheduled_cancellation:${subscription.id}:${periodEnd}`, new Date(periodEnd * 1000).toISOString(), { currency: 'usd', amount: 2500 }]],
    );
  });

  test('a trial ending within the rule’s days alerts once', async () => {
    const b = new AccountBuilder(state);
    const price = b.price({ currency: 'usd', unitAmount: 900, interval: 'month' });
    const customer = b.customer({ name: 'Grace Hopper', email: 'grace@example.com' });
    const subscription = b.subscription({ customer, items: [{ price, quantity: 1 }], trialDays: 5 });
    await send(sut, [state.recordEvent('customer.created', customer), state.recordEvent('customer.subscription.created', subscription)]);
    // The clock scans trials every quarter of an hour; a new one scans at once.
    const clock = new AlertClock({
      db: sut.running.db,
      rules: sut.config.alerts.rules,
      service: sut.running.service,
    });
    await clock.tick();
    await clock.tick();
    const trials = (await alerts(sut)).filter((a) => a.body.type === 'trial_ending');
    assert.deepEqual(
      trials.map((a) => [a.id, a.body.customer.name, a.body.trial_end]),
      [[`ending:trial_ending:${subscription.id}:${subscription.trial_end}`, 'Grace Hopper', new Date(subscription.trial_end! * 1000).toISOString()]],
    );
  });
});

describe(`a digest (${store})`, () => {
  const file = alertsFile(`rules:
  - name: weekly
    channels: [feed]
    digest: { schedule: "0 9 * * 1", time_zone: Europe/Berlin, top: 3 }
`);
  let sut: ServiceUnderTest;
  after(() => sut?.stop());

  test('says the numbers the API gives for its period', async () => {
    const now = Math.floor(Date.now() / 1000);
    sut = await startServiceAgainst(generateAccount({ seed: 21, customers: 80, now }), { env: { ALERTS_FILE: file } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
    await sut.running.service.derivationsSettled();
    // As if the last digest had gone out two Mondays ago: the one due now covers the week before last Monday.
    const clock = sut.running.alertClock!;
    await clock.tick();
    const [{ value: lastRun }] = (await sut.running.db.query<{ value: string }>("select value from alert_rule_state where rule = 'weekly'")) as [{ value: string }];
    const twoBefore = new Date(Date.parse(lastRun) - 7 * 86_400_000).toISOString();
    await sut.running.db.query("update alert_rule_state set value = $1 where rule = 'weekly'", [twoBefore]);
    await clock.tick();
    await clock.tick();
    const digests = (await alerts(sut)).filter((a) => a.body.type === 'digest');
    assert.equal(digests.length, 1, 'one digest for the run');
    const digest = digests[0]!.body as DigestAlertBody;
    assert.equal(digest.id, `weekly:digest:${new Date(lastRun).toISOString()}`);

    const { from, to } = digest.period;
    const minor = (major: number) => Math.round(major * 100);
    const mrr = (await sut.get(`/api/metrics/mrr?from=${from}&to=${to}&interval=day`)).body;
    assert.equal(digest.mrr_at_from, minor(mrr.points.at(0).mrr));
    assert.equal(digest.mrr_at_to, minor(mrr.points.at(-1).mrr));
    assert.equal(digest.change, digest.mrr_at_to - digest.mrr_at_from);
    const dayAfterFrom = new Date(Date.parse(from) + 86_400_000).toISOString().slice(0, 10);
    const movements = (await sut.get(`/api/metrics/movements?from=${dayAfterFrom}&to=${to}&interval=day`)).body;
    for (const kind of ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const) {
      const sum = movements.points.reduce((total: number, p: Record<string, number>) => total + minor(p[kind]!), 0);
      assert.equal(digest.by_type[kind], sum, kind);
    }
    assert.ok(digest.biggest_movers.length <= 3);
    const revenue = (await sut.get('/api/revenue')).body;
    assert.ok(digest.at_risk.scheduled_to_cancel.count + digest.at_risk.past_due.count >= 0);
    assert.equal(digest.currency, revenue.currency.toLowerCase());
  });
});

describe(`pausing a rule and replaying an alert over MCP need ALERTS_ADMIN_TOKEN (${store})`, () => {
  const ADMIN_TOKEN = 'alerts-admin-token-0123456789abcdef';
  const state = new EmulatorState();
  const file = alertsFile(`rules:
  - name: everything
    channels: [feed, webhook]
    movement: {}
`);
  let sut: Sut;
  const clients: Client[] = [];
  after(async () => {
    for (const client of clients) await client.close();
    await sut?.stop();
  });
  const connect = async (headers: Record<string, string>) => {
    const client = new Client({ name: 'alert-admin-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', sut.url), { requestInit: { headers } }));
    clients.push(client);
    return client;
  };

  test('refused without the token; with it, a paused rule makes no alert until resumed', async () => {
    // A loopback webhook without ALERT_ALLOW_PRIVATE_NETWORK: each of its deliveries is given up at once.
    sut = await startTestService({ ...alertEnv('http://127.0.0.1:9/hooks', { allowPrivateNetwork: false }), ALERTS_FILE: file, ALERTS_ADMIN_TOKEN: ADMIN_TOKEN });
    const stranger = await connect({});
    const refused = (await stranger.callTool({ name: 'pause_alert_rule', arguments: { name: 'everything' } })) as any;
    assert.equal(refused.isError, true);
    assert.match(refused.content[0].text, /needs ALERTS_ADMIN_TOKEN, sent as the x-alerts-admin-token header/);
    const wrong = await connect({ 'x-alerts-admin-token': 'not-the-token-0123456789' });
    assert.equal(((await wrong.callTool({ name: 'pause_alert_rule', arguments: { name: 'everything' } })) as any).isError, true);

    const admin = await connect({ 'x-alerts-admin-token': ADMIN_TOKEN });
    const paused = (await admin.callTool({ name: 'pause_alert_rule', arguments: { name: 'everything' } })) as any;
    assert.deepEqual(paused.structuredContent, { rule: 'everything', paused: true, paused_until: null });
    const listed = (await stranger.callTool({ name: 'list_alert_rules', arguments: {} })) as any;
    assert.deepEqual(listed.structuredContent.rules, [{ name: 'everything', kind: 'movement', channels: ['feed', 'webhook'], urgent: false, paused: true, paused_until: null }]);
    await send(sut, newSubscriber(state).events);
    assert.deepEqual(await alerts(sut), [], 'paused');

    const resumed = (await admin.callTool({ name: 'resume_alert_rule', arguments: { name: 'everything' } })) as any;
    assert.equal(resumed.structuredContent.paused, false);
    const { customer, subscription, events } = newSubscriber(state);
    await send(sut, events);
    assert.deepEqual((await alerts(sut)).map((a) => a.id), [`everything:movement:${customer.id}:${subscription.start_date}:new`]);
    const unknown = (await admin.callTool({ name: 'pause_alert_rule', arguments: { name: 'nothing' } })) as any;
    assert.equal(unknown.isError, true);

    const id = `everything:movement:${customer.id}:${subscription.start_date}:new`;
    await pollUntil(async () => (await sut.get('/api/alerts/dead')).body.alerts.some((a: { id: string }) => a.id === id), 'the webhook delivery given up');
    const replayRefused = (await stranger.callTool({ name: 'replay_alert', arguments: { alert_id: id } })) as any;
    assert.equal(replayRefused.isError, true);
    const replayed = (await admin.callTool({ name: 'replay_alert', arguments: { alert_id: id, channel: 'webhook' } })) as any;
    assert.deepEqual(replayed.structuredContent, { alert_id: id, channels: ['webhook'] });
    const noSuchChannel = (await admin.callTool({ name: 'replay_alert', arguments: { alert_id: id, channel: 'pager' } })) as any;
    assert.match(noSuchChannel.content[0].text, /no alert channel is named "pager"/);
  });
});
