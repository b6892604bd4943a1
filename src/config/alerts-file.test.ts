import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AlertsFileError, parseAlertsFile } from './alerts-file.ts';
import { ConfigError, loadConfig } from './config.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const env = { SLACK_URL: 'https://hooks.slack.com/services/T0/B0/very-secret-token', HOOK_SECRET: SECRET };
const ctx = { path: 'alerts.yaml', env, reportingCurrency: 'usd', envChannels: ['webhook'], paymentFailedFromAttempt: 1 };

const FULL = `# every kind of rule and channel
time_zone: Europe/Berlin
channels:
  team:
    type: slack
    url: \${SLACK_URL}
    quiet_hours: { from: "22:00", to: "07:30" }
    cooldown: 15m
    daily_cap: 40
  finance:
    type: email
    smtp_url: smtp://mail.example.com:587
    to: finance@example.com
    from: revenue@example.com
    quiet_hours: { from: "20:00", to: "08:00", time_zone: America/New_York }
  hook:
    type: webhook
    url: https://hooks.example.com/revenue
    secret: \${HOOK_SECRET}
rules:
  - name: big-churn
    channels: [team, webhook]
    urgent: true
    movement:
      types: [churn, contraction]
      min_amount: 120.5
      min_pct_of_mrr: 1
      plans: [price_gold]
      customer_mrr: { min: 10 }
      metadata: { tier: enterprise, seats: 10 }
  - name: payments
    channels: [team]
    lifecycle: { types: [payment_failed, trial_ending], payment_failed_from_attempt: 2, trial_ending_days: 7 }
  - name: milestones
    channels: [finance]
    metric: { mrr_crosses: [100000, 250000], week_on_week_pct: 10 }
  - name: monday
    channels: [finance, hook]
    digest: { schedule: "0 9 * * 1" }
`;

describe('alerts.yaml', () => {
  test('every kind of rule and channel, amounts in minor units, ${ENV} substituted, time zones defaulted', () => {
    const file = parseAlertsFile(FULL, ctx);
    assert.deepEqual(
      file.channels.map((c) => [c.name, c.target.kind, c.policy]),
      [
        ['team', 'slack', { cooldownSeconds: 900, groupFrom: 3, dailyCap: 40, quietHours: { from: 1320, to: 450, timeZone: 'Europe/Berlin' } }],
        ['finance', 'email', { cooldownSeconds: 0, groupFrom: 3, quietHours: { from: 1200, to: 480, timeZone: 'America/New_York' } }],
        ['hook', 'webhook', { cooldownSeconds: 0, groupFrom: 0 }],
      ],
    );
    const slack = file.channels[0]!.target;
    assert.equal(slack.kind === 'slack' && slack.url.href, env.SLACK_URL);
    const hook = file.channels[2]!.target;
    assert.equal(hook.kind === 'webhook' && hook.secret, SECRET);
    const email = file.channels[1]!.target;
    assert.deepEqual(email.kind === 'email' && email.to, ['finance@example.com']);
    assert.deepEqual(file.rules, [
      {
        name: 'big-churn',
        channels: ['team', 'webhook'],
        urgent: true,
        kind: 'movement',
        types: ['churn', 'contraction'],
        minAmount: 12050,
        minPctOfMrr: 1,
        plans: ['price_gold'],
        customerMrr: { min: 1000 },
        metadata: { tier: 'enterprise', seats: '10' },
      },
      { name: 'payments', channels: ['team'], urgent: false, kind: 'lifecycle', types: ['payment_failed', 'trial_ending'], paymentFailedFromAttempt: 2, trialEndingDays: 7 },
      { name: 'milestones', channels: ['finance'], urgent: false, kind: 'metric', mrrCrosses: [10_000_000, 25_000_000], weekOnWeekPct: 10 },
      { name: 'monday', channels: ['finance', 'hook'], urgent: false, kind: 'digest', schedule: '0 9 * * 1', timeZone: 'Europe/Berlin', top: 5 },
    ]);
  });

  test('a channel the environment sets is paced by giving only its pacing', () => {
    const file = parseAlertsFile('channels:\n  slack: { quiet_hours: { from: "22:00", to: "07:00" }, daily_cap: 20 }\n', { ...ctx, envChannels: ['slack', 'feed'] });
    assert.deepEqual(file.channels, []);
    assert.deepEqual(file.pacing, { slack: { cooldownSeconds: 0, groupFrom: 3, dailyCap: 20, quietHours: { from: 1320, to: 420, timeZone: 'UTC' } } });
    const config = loadConfig({ SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', ALERTS_FILE: 'a.yaml' }, (path) => (path === 'a.yaml' ? 'channels:\n  slack: { cooldown: 5m }\n' : undefined));
    assert.deepEqual(config.alerts.channels.map((c) => [c.name, c.policy.cooldownSeconds]), [['slack', 300], ['feed', 0]]);
  });

  test('amounts follow the reporting currency: yen have no minor unit', () => {
    const file = parseAlertsFile('rules: [{ name: r, channels: [webhook], movement: { min_amount: 5000 } }]', { ...ctx, reportingCurrency: 'jpy' });
    assert.equal(file.rules[0]!.kind === 'movement' && file.rules[0]!.minAmount, 5000);
  });

  const wrong: Array<[string, string, RegExp]> = [
    ['a wrong movement type', 'rules:\n  - name: r\n    channels: [webhook]\n    movement:\n      types: [churn, lost]\n', /^alerts\.yaml:5:22: rules\[0\]\.movement\.types\[1\]: /],
    ['an unknown key', 'rules:\n  - name: r\n    channels: [webhook]\n    movement: { typo: 1 }\n', /^alerts\.yaml:4:15: rules\[0\]\.movement: .*typo/],
    ['a rule of no kind', 'rules:\n  - name: r\n    channels: [webhook]\n', /^alerts\.yaml:2:5: rules\[0\]: expected a rule with a name, channels, and one of movement/],
    ['an unknown channel', 'rules:\n  - name: r\n    channels: [webhook, pager]\n    movement: {}\n', /^alerts\.yaml:3:25: rules\[0\]\.channels\[1\]: no channel is named pager \(known: webhook\)/],
    ['a rule name twice', 'rules:\n  - { name: r, channels: [webhook], movement: {} }\n  - { name: r, channels: [webhook], lifecycle: {} }\n', /^alerts\.yaml:3:13: rules\[1\]\.name: another rule is already named r/],
    ['a bad schedule', 'rules:\n  - name: d\n    channels: [webhook]\n    digest: { schedule: "every monday" }\n', /^alerts\.yaml:4:25: rules\[0\]\.digest\.schedule: expected a five-field cron/],
    ['a bad time zone', 'time_zone: Mars/Olympus\n', /^alerts\.yaml:1:12: time_zone: expected an IANA time zone/],
    ['a bad clock', 'channels:\n  s:\n    type: slack\n    url: https://hooks.slack.com/x\n    quiet_hours: { from: "25:00", to: "07:00" }\n', /^alerts\.yaml:5:26: channels\.s\.quiet_hours\.from: expected a time of day/],
    ['a missing variable', 'channels:\n  s:\n    type: slack\n    url: ${NOT_SET}\n', /^alerts\.yaml:4:10: channels\.s\.url: refers to \$\{NOT_SET\}, which is not set/],
    ['a channel named like the environment’s', 'channels:\n  webhook:\n    type: slack\n    url: https://hooks.slack.com/x\n', /^alerts\.yaml:3:5: channels\.webhook: the name webhook is taken/],
    ['pacing alone for a channel nobody set', 'channels:\n  pager: { cooldown: 5m }\n', /^alerts\.yaml:2:10: channels\.pager: expected type: webhook, slack or email \(only a channel the environment sets, webhook, is given without one/],
    ['the feed defined again', 'channels:\n  mine:\n    type: feed\n', /^alerts\.yaml:3:11: channels\.mine\.type: expected type: webhook, slack or email/],
    ['broken YAML', 'rules:\n  - name: r\n   channels: [\n', /^alerts\.yaml:\d+:\d+: /],
    ['a metric without a measure', 'rules:\n  - { name: m, channels: [webhook], metric: {} }\n', /^alerts\.yaml:2:45: rules\[0\]\.metric: expected mrr_crosses, week_on_week_pct or both/],
  ];
  for (const [what, text, expected] of wrong) {
    test(`${what} is refused with its line and column`, () => {
      assert.throws(() => parseAlertsFile(text, ctx), (error) => error instanceof AlertsFileError && expected.test(error.message) && !error.message.includes('\n'));
    });
  }

  test('a secret in a wrong value is never repeated', () => {
    const text = 'channels:\n  s:\n    type: slack\n    url: "${SLACK_URL} x"\n  h:\n    type: webhook\n    url: https://example.com\n    secret: ${SLACK_URL}\n';
    assert.throws(() => parseAlertsFile(text, ctx), (error) => error instanceof AlertsFileError && !error.message.includes('very-secret-token'));
  });
});

describe('ALERTS_FILE', () => {
  const files = (texts: Record<string, string>) => (path: string) => texts[path];

  test('alerts.yaml is read when present; without it, every movement and payment goes to every channel', () => {
    const hook = { ALERT_WEBHOOK_URL: 'https://hooks.example.com/r', ALERT_WEBHOOK_SECRET: SECRET, ALERT_PAYMENT_FAILED_FROM_ATTEMPT: '2' };
    const quick = loadConfig(hook, files({})).alerts;
    assert.deepEqual(
      quick.rules.map((r) => [r.name, r.kind, r.channels]),
      [
        ['movements', 'movement', ['webhook', 'feed']],
        ['payments', 'lifecycle', ['webhook', 'feed']],
      ],
    );
    assert.equal(quick.rules[1]!.kind === 'lifecycle' && quick.rules[1]!.paymentFailedFromAttempt, 2);
    assert.deepEqual(loadConfig({}, files({})).alerts.rules.map((r) => r.channels), [['feed'], ['feed']], 'the dashboard’s feed alone');
    const fromFile = loadConfig(hook, files({ 'alerts.yaml': 'rules: [{ name: churn, channels: [webhook], movement: { types: [churn] } }]' })).alerts;
    assert.deepEqual(fromFile.rules.map((r) => r.name), ['churn']);
  });

  test('a named file must exist and be right; its errors exit naming ALERTS_FILE', () => {
    const named = (problem: RegExp) => (error: unknown) => error instanceof ConfigError && error.variable === 'ALERTS_FILE' && problem.test(error.problem);
    assert.throws(() => loadConfig({ ALERTS_FILE: '/etc/ra/alerts.yaml' }, files({})), named(/\/etc\/ra\/alerts\.yaml does not exist/));
    assert.throws(() => loadConfig({ ALERTS_FILE: 'a.yaml' }, files({ 'a.yaml': 'rules: 3' })), named(/^a\.yaml:1:8: rules: /));
    const unreadable = () => {
      throw Object.assign(new Error('no'), { code: 'EACCES' });
    };
    assert.throws(() => loadConfig({ ALERTS_FILE: 'a.yaml' }, unreadable), named(/can't be read \(EACCES\)/));
  });
});

describe('alerts.example.yaml', () => {
  test('is a valid file that names every kind of rule', () => {
    const text = readFileSync(new URL('../../alerts.example.yaml', import.meta.url), 'utf8');
    const file = parseAlertsFile(text, {
      ...ctx,
      env: { SLACK_TEAM_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', SMTP_URL: 'smtp://mail.example.com:587' },
      envChannels: ['webhook', 'slack', 'email', 'feed'],
    });
    assert.deepEqual([...new Set(file.rules.map((r) => r.kind))].sort(), ['digest', 'lifecycle', 'metric', 'movement']);
  });
});
