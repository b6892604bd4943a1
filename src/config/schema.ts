import { z } from 'zod';
import { parseExchangeRates } from '../metrics/index.ts';

/** The longest delay a Node.js timer keeps: a longer one fires at once, so an interval would run in a loop. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
export const MAX_SYNC_INTERVAL_MINUTES = Math.floor(MAX_TIMER_MS / 60_000); // 35,791: about 24.8 days
export const MAX_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000); // 2,147,483: about 24.8 days

// Numbers are written in decimal digits only: Number() and z.coerce also take hex (0x50), exponents (8e1),
// signs, blanks and "Infinity", which would let PORT=0x50 bind port 80.
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** A whole number in decimal digits, within [min, max]; `expected` says what is, in every error. */
const whole = (min: number, max: number, expected: string) =>
  z
    .string({ error: expected })
    .regex(WHOLE, expected)
    .transform(Number)
    .refine((n) => n >= min && n <= max, expected);

/** A number in decimal digits with an optional fraction (no sign, exponent or blanks). */
const decimal = (accept: (n: number) => boolean, expected: string) =>
  z.string({ error: expected }).regex(DECIMAL, expected).transform(Number).refine(accept, expected);

// 0 asks the OS for a free port (tests, side-by-side instances).
const port = whole(0, 65_535, 'expected a port number from 0 to 65535, in decimal digits');

const exchangeRates = z.string().transform((text, ctx) => {
  try {
    return parseExchangeRates(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a list of currency=rate pairs' });
    return z.NEVER;
  }
});

/** A URL that `new URL` reads, for the variables whose values are read as URLs later on. */
const parsesAsUrl = (text: string) => URL.canParse(text);

export const MAX_SYNC_REQUEST_MIN_SECONDS = 86_400;

/** Stripe retries a failed invoice payment a few times (at most 8 under Smart Retries). */
export const MAX_PAYMENT_ATTEMPT = 100;

/** Origins as browsers send them (scheme, host, port; no path), separated by commas. */
const corsOrigins = z.string().transform((text, ctx) => {
  const origins = text.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  const wrong = origins.find((origin) => !URL.canParse(origin) || new URL(origin).origin !== origin);
  if (wrong !== undefined || origins.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected origins such as https://example.com,http://localhost:3000 (scheme, host and port only), separated by commas' });
    return z.NEVER;
  }
  return origins;
});

/** An e-mail address as a mail header takes it: local@domain, nothing that could end or add a header. */
const EMAIL = /^[^\s@,<>"()\x00-\x1f]+@[^\s@,<>"()\x00-\x1f]+$/;

const emailList = z.string().transform((text, ctx) => {
  const addresses = text.split(',').map((address) => address.trim()).filter((address) => address !== '');
  if (addresses.length === 0 || !addresses.every((address) => EMAIL.test(address))) {
    ctx.addIssue({ code: 'custom', message: 'expected e-mail addresses such as ops@example.com,finance@example.com, separated by commas' });
    return z.NEVER;
  }
  return addresses;
});

const flag = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true');

/** Empty strings count as unset, as a blank line in a .env file means "no value". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const envSchema = z.object({
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'expected a secret key starting with sk_test_, sk_live_, rk_test_ or rk_live_'),
  ),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_[^,\s]+(\s*,\s*whsec_[^,\s]+)*$/, 'expected whsec_… (several separated by commas during a rotation)')),
  STRIPE_API_BASE: optional(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:12111' })
      .refine(parsesAsUrl, 'expected an http(s) URL such as http://127.0.0.1:12111'),
  ),
  STRIPE_MAX_RPS: optional(
    decimal((n) => n >= 0.1 && n <= 10_000, 'expected requests per second from 0.1 to 10000, in decimal digits, such as 25'),
  ),
  PORT: optional(port),
  HOST: optional(z.string().min(1)),
  // The value is never repeated in a message: it may hold a password. The driver reads the rest of it when
  // the store is opened, which reports what it could not read or reach as a ConfigError too.
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')),
  DATA_DIR: optional(z.string().min(1)),
  REPORTING_CURRENCY: optional(z.string().regex(/^[a-zA-Z]{3}$/, 'expected a three-letter currency code such as usd')),
  EXCHANGE_RATES: optional(exchangeRates),
  MRR_DISCOUNTS: optional(z.enum(['forever', 'all_active'], { error: 'expected forever or all_active' })),
  SYNC_INTERVAL_MINUTES: optional(
    whole(0, MAX_SYNC_INTERVAL_MINUTES, `expected minutes from 0 to ${MAX_SYNC_INTERVAL_MINUTES} (about 24 days), in decimal digits; 0 turns the timer off`),
  ),
  EVENTS_POLL_SECONDS: optional(
    whole(0, MAX_TIMER_SECONDS, `expected seconds from 0 to ${MAX_TIMER_SECONDS} (about 24 days), in decimal digits; 0 turns the poll off`),
  ),
  DEMO_ACTIVITY_SECONDS: optional(
    decimal(
      (n) => n === 0 || (n >= 0.1 && n <= MAX_TIMER_SECONDS),
      `expected seconds from 0.1 to ${MAX_TIMER_SECONDS} (about 24 days), in decimal digits; 0 stops the demo’s live activity`,
    ),
  ),
  // Never repeated in a message: it is the dashboard's password.
  DASHBOARD_TOKEN: optional(
    z.string().regex(/^[\x21-\x7e]{16,512}$/, 'expected 16 to 512 printable characters without blanks, such as the output of `openssl rand -hex 32`'),
  ),
  TRUST_PROXY: optional(flag),
  CORS_ORIGINS: optional(corsOrigins),
  SYNC_REQUEST_MIN_SECONDS: optional(
    whole(0, MAX_SYNC_REQUEST_MIN_SECONDS, `expected seconds from 0 to ${MAX_SYNC_REQUEST_MIN_SECONDS} (a day), in decimal digits; 0 turns the limit off`),
  ),
  ALERT_WEBHOOK_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://hooks.example.com/revenue' })
      .refine(parsesAsUrl, 'expected an http(s) URL such as https://hooks.example.com/revenue'),
  ),
  // Never repeated in a message: it signs what we send.
  ALERT_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected a Standard Webhooks secret: whsec_ followed by base64')),
  // Never repeated in a message: its path is the token that posts to the Slack channel.
  SLACK_WEBHOOK_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://hooks.slack.com/services/T000/B000/XXXX' })
      .refine(parsesAsUrl, 'expected an http(s) URL such as https://hooks.slack.com/services/T000/B000/XXXX'),
  ),
  // Never repeated in a message: it may hold the SMTP password.
  SMTP_URL: optional(
    z
      .string()
      .refine(
        (text) => URL.canParse(text) && /^smtps?:$/.test(new URL(text).protocol) && new URL(text).hostname !== '',
        'expected an smtp:// or smtps:// URL such as smtp://user:password@smtp.example.com:587',
      ),
  ),
  ALERT_EMAIL_TO: optional(emailList),
  ALERT_EMAIL_FROM: optional(z.string().regex(EMAIL, 'expected one e-mail address such as revenue-agent@example.com')),
  ALERT_ALLOW_PRIVATE_NETWORK: optional(flag),
  ALERT_STRIP_PERSONAL_DATA: optional(flag),
  ALERTS_DRY_RUN: optional(flag),
  ALERT_PAYMENT_FAILED_FROM_ATTEMPT: optional(
    whole(1, MAX_PAYMENT_ATTEMPT, `expected an attempt number from 1 to ${MAX_PAYMENT_ATTEMPT}, in decimal digits; 1 alerts on every failed payment`),
  ),
  // Never repeated in a message: it lets MCP clients pause and resume alert rules.
  ALERTS_ADMIN_TOKEN: optional(
    z.string().regex(/^[\x21-\x7e]{16,512}$/, 'expected 16 to 512 printable characters without blanks, such as the output of `openssl rand -hex 32`'),
  ),
  // A path; alerts.yaml in the working folder is read when it exists and this is unset.
  ALERTS_FILE: optional(z.string().max(4096, 'expected a file path')),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'expected fatal, error, warn, info, debug, trace or silent' }),
  ),
});

export type RawEnv = z.infer<typeof envSchema>;
