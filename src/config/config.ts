import type { DiscountPolicy } from '../metrics/index.ts';
import { envSchema } from './schema.ts';

export interface Config {
  stripe: {
    /** Absent: demo mode (or "not configured" until demo mode exists). */
    secretKey: string | undefined;
    /** A Stripe-compatible server (the emulator, stripe-mock); absent: Stripe itself. */
    apiBase: URL | undefined;
    /** Several during a rotation; any one verifies. */
    webhookSecrets: string[];
  };
  http: { host: string; port: number };
  database: { url: string | undefined; dataDir: string };
  metrics: { reportingCurrency: string; rates: ReadonlyMap<string, string>; discountPolicy: DiscountPolicy };
  syncIntervalMinutes: number;
  /** How often the demo account changes; 0 holds it still. */
  demoActivitySeconds: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError naming the first bad variable; never echoes its value. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  return {
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      apiBase: e.STRIPE_API_BASE === undefined ? undefined : new URL(e.STRIPE_API_BASE),
      webhookSecrets: e.STRIPE_WEBHOOK_SECRET?.split(',').map((s) => s.trim()) ?? [],
    },
    http: { host: e.HOST ?? '127.0.0.1', port: e.PORT ?? 5000 },
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR ?? './data' },
    metrics: {
      reportingCurrency: (e.REPORTING_CURRENCY ?? 'usd').toLowerCase(),
      rates: e.EXCHANGE_RATES ?? new Map(),
      discountPolicy: e.MRR_DISCOUNTS ?? 'forever',
    },
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES ?? 60,
    demoActivitySeconds: e.DEMO_ACTIVITY_SECONDS ?? 3,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}
