// Issue 13: alerts by e-mail over SMTP (nodemailer), received here by an smtp-server on loopback.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { EmulatorState } from '../src/emulator/index.ts';
import { newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

interface ReceivedMail {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** An SMTP server on loopback that takes one login and keeps every message. */
async function mailbox(): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, and the login allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 'pa$s') callback(null, { user: auth.username });
      else callback(new Error('wrong login'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        mails.push({
          from: envelope.mailFrom === false ? undefined : envelope.mailFrom.address,
          to: envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A header's value, unfolded and with encoded words decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line
    ?.slice(name.length + 1)
    .trim()
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_all, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
}

/** The message with quoted-printable undone (its parts are sent so). */
const decoded = (raw: string) =>
  Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

describe(`alerts by e-mail (${store})`, () => {
  const state = new EmulatorState();
  let box: Awaited<ReturnType<typeof mailbox>>;
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  before(async () => {
    box = await mailbox();
    sut = await startTestService({
      STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
      SMTP_URL: `smtp://alerts:pa%24s@127.0.0.1:${box.port}`,
      ALERT_EMAIL_TO: 'ops@example.com,finance@example.com',
      ALERT_EMAIL_FROM: 'revenue-agent@example.com',
      ALERT_ALLOW_PRIVATE_NETWORK: 'true',
    });
  });
  after(async () => {
    await sut?.stop();
    await box?.close();
  });

  test('a movement is one e-mail to every recipient: the subject names the type, the customer and the amount', async () => {
    const { customer, events } = newSubscriber(state);
    for (const event of events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
    const mail = await pollUntil(() => box.mails[0], 'the e-mail received');
    assert.equal(mail.user, 'alerts', 'logged in with the URL’s user and password');
    assert.equal(mail.from, 'revenue-agent@example.com');
    assert.deepEqual(mail.to, ['ops@example.com', 'finance@example.com']);
    assert.equal(header(mail.raw, 'Subject'), '[Revenue Agent] New customer: Ada Lovelace, +$25.00 MRR');
    assert.match(mail.raw, /Content-Type: text\/plain/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    const text = decoded(mail.raw);
    assert.ok(text.includes(`Customer: Ada Lovelace <ada@example.com> (${customer.id})`), text);
    assert.ok(text.includes('MRR change: +$25.00\r\nMRR now: $25.00'));
    assert.ok(text.includes('<h2>New customer: +$25.00 MRR</h2>'));
    assert.ok(text.includes('<tr><th align="left">Customer</th><td>Ada Lovelace &lt;ada@example.com&gt;'), 'the HTML part escapes what it shows');
    await pollUntil(async () => {
      const [row] = await sut.running.db.query<{ status: string }>("select status from alert_deliveries where channel = 'email'");
      return row?.status === 'delivered';
    }, 'the delivery recorded');
    assert.equal(box.mails.length, 1);
  });

  test('POST /api/alerts/test {"channel":"email"} sends one, and answers with the SMTP status', async () => {
    const { body } = await sut.post('/api/alerts/test', { channel: 'email' });
    assert.deepEqual(body, { channels: [{ channel: 'email', delivered: true, status: 250 }] });
    assert.equal(header(box.mails.at(-1)!.raw, 'Subject'), '[Revenue Agent] Test alert: Test customer, +$10.00 MRR');
  });
});
