import { Cron } from 'croner';
import { z } from 'zod';
import { LIFECYCLE_KINDS, MOVEMENT_KINDS } from '../alerts/alert-rules.ts';

// Written the way alerts.yaml is: snake_case keys, amounts in major units, durations such as 15m.

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const name = z.string().regex(NAME, 'expected a name of lower-case letters, digits, - and _ (up to 63)');

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
export const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin or UTC');

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** "22:30" → minutes after midnight. */
const clock = z
  .string()
  .regex(CLOCK, 'expected a time of day as HH:MM (24 hours)')
  .transform((text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3)));

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** "90s", "15m", "2h", "1d" → seconds. */
const duration = z
  .string()
  .regex(/^\d{1,6}[smhd]$/, 'expected a duration such as 90s, 15m, 2h or 1d')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_SECONDS[text.at(-1) as keyof typeof UNIT_SECONDS]);

/** An amount of the reporting currency in major units (120.50); converted to minor units once the currency is known. */
const majorAmount = z.number().nonnegative('expected an amount of at least 0').max(1e12, 'expected an amount below 1,000,000,000,000');
const percent = z.number().positive('expected a percentage above 0').max(1000, 'expected a percentage up to 1000');

const cronSchedule = z.string().refine((pattern) => {
  try {
    new Cron(pattern, { paused: true });
    return pattern.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}, 'expected a five-field cron schedule such as "0 9 * * 1" (Mondays at 09:00)');

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const smtpUrl = z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587' });
const emailAddress = z.email('expected an e-mail address');

const policy = {
  quiet_hours: z.strictObject({ from: clock, to: clock, time_zone: timeZone.optional() }).optional(),
  cooldown: duration.optional(),
  daily_cap: z.int('expected a whole number').min(1, 'expected at least 1').max(100_000, 'expected at most 100000').optional(),
  group_from: z.int('expected a whole number').min(0, 'expected 0 (never) or more').max(1000, 'expected at most 1000').optional(),
};

/** A channel given without a type only paces one the environment sets (checked with the names, in alerts-file.ts). */
const pacingOnly = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !('type' in value) ? { ...value, type: 'pacing' } : value;

const channel = z.preprocess(
  pacingOnly,
  z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('pacing'), ...policy }),
      z.strictObject({ type: z.literal('webhook'), url: httpUrl, secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected a Standard Webhooks secret: whsec_ followed by base64'), ...policy }),
      z.strictObject({ type: z.literal('slack'), url: httpUrl, ...policy }),
      z.strictObject({
        type: z.literal('email'),
        smtp_url: smtpUrl,
        to: z.union([emailAddress.transform((a) => [a]), z.array(emailAddress).min(1, 'expected at least one address')]),
        from: emailAddress,
        ...policy,
      }),
    ],
    // The dashboard's feed is always there, as the channel named feed: rules name it, the file doesn't define it.
    { error: 'expected type: webhook, slack or email' },
  ),
);

const ruleBase = {
  name,
  channels: z.array(name).min(1, 'expected at least one channel name'),
  urgent: z.boolean().optional(),
};

const movement = z.strictObject({
  types: z.array(z.enum(MOVEMENT_KINDS)).min(1, 'expected at least one type').optional(),
  min_amount: majorAmount.optional(),
  min_pct_of_mrr: percent.optional(),
  plans: z.array(z.string().min(1).max(255)).min(1).optional(),
  customer_mrr: z.strictObject({ min: majorAmount.optional(), max: majorAmount.optional() }).optional(),
  metadata: z.record(z.string().min(1).max(40), z.union([z.string().max(500), z.number().transform(String), z.boolean().transform(String)])).optional(),
});

const lifecycle = z.strictObject({
  types: z.array(z.enum(LIFECYCLE_KINDS)).min(1, 'expected at least one type').optional(),
  payment_failed_from_attempt: z.int('expected a whole number').min(1, 'expected at least 1').max(100, 'expected at most 100').optional(),
  trial_ending_days: z.int('expected a whole number').min(1, 'expected at least 1 day').max(60, 'expected at most 60 days').optional(),
});

const metric = z
  .strictObject({
    mrr_crosses: z.union([majorAmount.transform((a) => [a]), z.array(majorAmount).min(1)]).optional(),
    week_on_week_pct: percent.optional(),
  })
  .refine((m) => m.mrr_crosses !== undefined || m.week_on_week_pct !== undefined, 'expected mrr_crosses, week_on_week_pct or both');

const digest = z.strictObject({
  schedule: cronSchedule,
  time_zone: timeZone.optional(),
  top: z.int('expected a whole number').min(1).max(50).optional(),
});

const RULE_KINDS = ['movement', 'lifecycle', 'metric', 'digest'] as const;

/** A rule says its kind by which of the four keys it has; that key is copied to `kind` so errors point inside the right one. */
const ruleKind = (value: unknown) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const kind = RULE_KINDS.find((k) => k in value);
  return kind === undefined ? value : { ...value, kind };
};

const rule = z.preprocess(
  ruleKind,
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ ...ruleBase, kind: z.literal('movement'), movement }),
      z.strictObject({ ...ruleBase, kind: z.literal('lifecycle'), lifecycle }),
      z.strictObject({ ...ruleBase, kind: z.literal('metric'), metric }),
      z.strictObject({ ...ruleBase, kind: z.literal('digest'), digest }),
    ],
    { error: 'expected a rule with a name, channels, and one of movement, lifecycle, metric or digest' },
  ),
);

export const alertsFileSchema = z.strictObject({
  time_zone: timeZone.optional(),
  strip_personal_data: z.boolean().optional(),
  channels: z.record(name, channel).optional(),
  rules: z.array(rule).optional(),
});

export type AlertsFileInput = z.infer<typeof alertsFileSchema>;
