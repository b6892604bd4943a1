import { z } from 'zod';
import { parseExchangeRates } from '../metrics/index.ts';

// 0 asks the OS for a free port (tests, side-by-side instances).
const port = z.coerce.number().int().min(0).max(65535);

const exchangeRates = z.string().transform((text, ctx) => {
  try {
    return parseExchangeRates(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Empty strings count as unset, as a blank line in a .env file means "no value". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const envSchema = z.object({
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'expected a secret key starting with sk_test_, sk_live_, rk_test_ or rk_live_'),
  ),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_[^,\s]+(\s*,\s*whsec_[^,\s]+)*$/, 'expected whsec_… (several separated by commas during a rotation)')),
  STRIPE_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:12111' })),
  STRIPE_MAX_RPS: optional(z.coerce.number().positive('expected requests per second above 0, such as 25').max(10_000)),
  PORT: optional(port),
  HOST: optional(z.string().min(1)),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')),
  DATA_DIR: optional(z.string().min(1)),
  REPORTING_CURRENCY: optional(z.string().regex(/^[a-zA-Z]{3}$/, 'expected a three-letter currency code such as usd')),
  EXCHANGE_RATES: optional(exchangeRates),
  MRR_DISCOUNTS: optional(z.enum(['forever', 'all_active'])),
  SYNC_INTERVAL_MINUTES: optional(z.coerce.number().int().min(0, 'expected minutes ≥ 0 (0 turns the timer off)')),
  EVENTS_POLL_SECONDS: optional(z.coerce.number().int().min(0, 'expected seconds ≥ 0 (0 turns the poll off)')),
  DEMO_ACTIVITY_SECONDS: optional(z.coerce.number().min(0, 'expected seconds ≥ 0 (0 stops the demo’s live activity)')),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

export type RawEnv = z.infer<typeof envSchema>;
