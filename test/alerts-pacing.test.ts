// Issue 13: a channel's quiet hours hold alerts for its next digest (urgent ones go through), and a burst
// during its cooldown goes out as one grouped message.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { DigestAlertBody, GroupAlertBody } from '../src/alerts/alert-body.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { ALERT_SECRET, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { alertReceiver, type AlertReceiver } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
type Sut = Omit<ServiceUnderTest, 'emulator'>;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A service whose alerts.yaml has one webhook channel, ops, to `receiver`, paced as `pacing` says, and these rules. */
async function start(receiver: AlertReceiver, pacing: string, rules: string): Promise<Sut> {
  const path = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'alerts.yaml');
  writeFileSync(path, `channels:\n  ops:\n    type: webhook\n    url: \${RECEIVER_URL}\n    secret: \${RECEIVER_SECRET}\n${pacing}rules:\n${rules}`);
  return startTestService({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, ALERTS_FILE: path, ALERT_ALLOW_PRIVATE_NETWORK: 'true', RECEIVER_URL: receiver.url, RECEIVER_SECRET: ALERT_SECRET });
}

async function send(sut: Sut, events: readonly StripeEvent[]): Promise<void> {
  for (const event of events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
  await sut.running.service.eventsSettled();
}

const verified = (receiver: AlertReceiver) => receiver.accepted().map((r) => new Webhook(ALERT_SECRET).verify(r.body, r.headers as Record<string, string>) as { id: string; type: string });

const statuses = async (sut: Sut) =>
  sut.running.db.query<{ id: string; status: string; message_id: string | null }>(
    "select alert_id as id, status, message_id from alert_deliveries where channel = 'ops' order by created_at, alert_id",
  );

describe(`quiet hours hold alerts for the digest; urgent ones go through (${store})`, () => {
  const state = new EmulatorState();
  let receiver: AlertReceiver;
  let sut: Sut;
  before(async () => {
    receiver = await alertReceiver();
    const now = Date.now();
    sut = await start(
      receiver,
      `    quiet_hours: { from: "${clock(now - 3_600_000)}", to: "${clock(now + 3_600_000)}", time_zone: UTC }\n`,
      `  - { name: news, channels: [ops], movement: { types: [new], customer_mrr: { max: 30 } } }
  - { name: big-news, channels: [ops], urgent: true, movement: { types: [new], min_amount: 50 } }
  - { name: weekly, channels: [ops], digest: { schedule: "0 9 * * 1", time_zone: UTC } }
`,
    );
  });
  after(async () => {
    await sut?.stop();
    await receiver?.close();
  });

  test('new customers wait, a big one does not, and the digest brings what waited', async () => {
    const first = newSubscriber(state);
    const second = newSubscriber(state);
    await send(sut, [...first.events, ...second.events]);
    await pollUntil(async () => (await statuses(sut)).filter((d) => d.status === 'deferred').length === 2, 'both held for the digest');

    const b = new AccountBuilder(state);
    const big = b.customer({ name: 'Big Co', email: 'big@example.com' });
    const subscription = b.subscription({ customer: big, items: [{ price: b.price({ currency: 'usd', unitAmount: 9900, interval: 'month' }), quantity: 1 }] });
    await send(sut, [state.recordEvent('customer.created', big), state.recordEvent('customer.subscription.created', subscription)]);
    await pollUntil(() => verified(receiver).length > 0, 'the urgent alert delivered in quiet hours');
    assert.deepEqual(verified(receiver).map((a) => a.id), [`big-news:movement:${big.id}:${subscription.start_date}:new`]);

    // As if the last digest had gone out two Mondays ago: one is due now, quiet hours or not.
    const clockRules = sut.running.alertClock!;
    await clockRules.tick();
    const [{ value }] = (await sut.running.db.query<{ value: string }>("select value from alert_rule_state where rule = 'weekly'")) as [{ value: string }];
    await sut.running.db.query("update alert_rule_state set value = $1 where rule = 'weekly'", [new Date(Date.parse(value) - 7 * 86_400_000).toISOString()]);
    await clockRules.tick();
    const digest = (await pollUntil(() => verified(receiver).find((a) => a.type === 'digest'), 'the digest delivered')) as unknown as DigestAlertBody;
    assert.deepEqual(digest.deferred.map((a) => a.id).sort(), [first, second].map((s) => `news:movement:${s.customer.id}:${s.subscription.start_date}:new`).sort());
    // Marked once the receiver has answered: polled, as the sender settles after the send.
    const held = await pollUntil(async () => {
      const rows = (await statuses(sut)).filter((d) => d.id.startsWith('news:'));
      return rows.every((d) => d.status === 'delivered') && rows;
    }, 'the held deliveries marked sent within the digest');
    assert.deepEqual(held.map((d) => d.message_id), [digest.id, digest.id]);
  });
});

describe(`a burst during a cooldown goes as one message (${store})`, () => {
  const state = new EmulatorState();
  let receiver: AlertReceiver;
  let sut: Sut;
  before(async () => {
    receiver = await alertReceiver();
    sut = await start(
      receiver,
      '    cooldown: 3s\n    group_from: 3\n',
      `  - { name: news, channels: [ops], movement: { types: [new] } }
`,
    );
  });
  after(async () => {
    await sut?.stop();
    await receiver?.close();
  });

  test('the first goes at once; three more within the cooldown go together when it ends', async () => {
    await send(sut, newSubscriber(state).events);
    await pollUntil(() => verified(receiver).length === 1, 'the first delivered');
    const burst = [newSubscriber(state), newSubscriber(state), newSubscriber(state)];
    await send(sut, burst.flatMap((s) => s.events));
    const group = (await pollUntil(() => verified(receiver).find((a) => a.type === 'group'), 'the grouped message', 10_000)) as unknown as GroupAlertBody;
    assert.deepEqual(group.alerts.map((a) => a.id).sort(), burst.map((s) => `news:movement:${s.customer.id}:${s.subscription.start_date}:new`).sort());
    assert.equal(verified(receiver).length, 2, 'two messages in all');
    await pollUntil(async () => (await statuses(sut)).filter((d) => d.message_id === group.id).length === 3, 'the three marked sent in the group');
  });
});
