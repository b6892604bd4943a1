import { readFileSync } from 'node:fs';
import { defaultAlertRules, type AlertRule } from '../alerts/alert-rules.ts';
import type { DiscountPolicy } from '../metrics/index.ts';
import { environmentChannels, type AlertChannelConfig } from './alert-channels.ts';
import { AlertsFileError, parseAlertsFile, type AlertsFile } from './alerts-file.ts';
import { isLoopbackHost } from './loopback.ts';
import { envSchema, type RawEnv } from './schema.ts';

export interface Config {
  stripe: {
    /** Absent: demo mode (or "not configured" until demo mode exists). */
    secretKey: string | undefined;
    /** A Stripe-compatible server (the emulator, stripe-mock); absent: Stripe itself. */
    apiBase: URL | undefined;
    /** Several during a rotation; any one verifies. */
    webhookSecrets: string[];
    /** Requests per second this process sends to the API at most; Infinity: no limit of ours. */
    maxRequestsPerSecond: number;
  };
  http: { host: string; port: number };
  access: {
    /** Absent: no login, and only loopback Host names are served (a loopback bind is required). */
    dashboardToken: string | undefined;
    /** Behind a reverse proxy: X-Forwarded-Proto/-For/-Host say the client's scheme, address and host. */
    trustProxy: boolean;
    /** Origins allowed to call the API from a browser (CORS); none by default. */
    corsOrigins: string[];
  };
  /** The least time between syncs asked for over HTTP; 0: no limit. */
  syncRequestMinSeconds: number;
  database: { url: string | undefined; dataDir: string };
  metrics: { reportingCurrency: string; rates: ReadonlyMap<string, string>; discountPolicy: DiscountPolicy };
  /** Minutes between full syncs, the reconciliation sweep; 0: none after the first. */
  syncIntervalMinutes: number;
  /** Seconds without a webhook after which /v1/events is asked for what was missed; 0: never. */
  eventsPollSeconds: number;
  /** How often the demo account changes; 0 holds it still. */
  demoActivitySeconds: number;
  alerts: {
    /** Where every alert goes: those configured, and the dashboard's feed, always. */
    channels: AlertChannelConfig[];
    /** Lets a webhook, Slack or SMTP URL resolve to a private, loopback or link-local address (a receiver on the same network). */
    allowPrivateNetwork: boolean;
    /** An invoice's payment alerts from this failed attempt on (1: every failure). */
    paymentFailedFromAttempt: number;
    /** The file's rules; without a file, every movement and payment lifecycle goes to every channel. */
    rules: AlertRule[];
    /** Customers' names and e-mail addresses left out of what every channel gets (their ids stay). */
    stripPersonalData: boolean;
    /** Nothing is sent: each delivery is logged as it would have gone, and counted delivered. */
    dryRun: boolean;
    /** Lets MCP clients that send it pause and resume rules; absent: nobody can. */
    adminToken: string | undefined;
  };
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    // One line whatever the value held: control characters a problem quotes are shown escaped.
    super(`${variable}: ${problem.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}`);
    this.name = 'ConfigError';
  }
}

/** The alerts file's text; undefined when it doesn't exist. */
export type ReadAlertsFile = (path: string) => string | undefined;

const readIfExists: ReadAlertsFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Parses the environment once. Throws a ConfigError naming the first bad variable; never echoes its value. */
export function loadConfig(env: NodeJS.ProcessEnv, readAlertsFile: ReadAlertsFile = readIfExists): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const host = e.HOST ?? '127.0.0.1';
  // Revenue is private: a bind that other machines can reach must not serve it to anyone who asks.
  if (!isLoopbackHost(host) && e.DASHBOARD_TOKEN === undefined) {
    throw new ConfigError(
      'HOST',
      `${JSON.stringify(host)} is reachable from other machines, so the dashboard needs a token: set DASHBOARD_TOKEN=$(openssl rand -hex 32), or HOST=127.0.0.1`,
    );
  }
  requireTogether(e);
  const paymentFailedFromAttempt = e.ALERT_PAYMENT_FAILED_FROM_ATTEMPT ?? 1;
  const reportingCurrency = (e.REPORTING_CURRENCY ?? 'usd').toLowerCase();
  const envChannels = environmentChannels(e);
  const file = alertsFile(e.ALERTS_FILE, readAlertsFile, {
    env,
    reportingCurrency,
    envChannels: envChannels.map((c) => c.name),
    paymentFailedFromAttempt,
  });
  const paced = envChannels.map((c) => ({ ...c, policy: file?.pacing[c.name] ?? c.policy }));
  const channels: AlertChannelConfig[] = [...paced, ...(file?.channels ?? [])];
  return {
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      apiBase: e.STRIPE_API_BASE === undefined ? undefined : new URL(e.STRIPE_API_BASE),
      webhookSecrets: e.STRIPE_WEBHOOK_SECRET?.split(',').map((s) => s.trim()) ?? [],
      maxRequestsPerSecond: e.STRIPE_MAX_RPS ?? defaultMaxRequestsPerSecond(e.STRIPE_SECRET_KEY, e.STRIPE_API_BASE),
    },
    http: { host, port: e.PORT ?? 5000 },
    access: { dashboardToken: e.DASHBOARD_TOKEN, trustProxy: e.TRUST_PROXY ?? false, corsOrigins: e.CORS_ORIGINS ?? [] },
    syncRequestMinSeconds: e.SYNC_REQUEST_MIN_SECONDS ?? 60,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR ?? './data' },
    metrics: {
      reportingCurrency,
      rates: e.EXCHANGE_RATES ?? new Map(),
      discountPolicy: e.MRR_DISCOUNTS ?? 'forever',
    },
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES ?? 1440,
    eventsPollSeconds: e.EVENTS_POLL_SECONDS ?? 60,
    demoActivitySeconds: e.DEMO_ACTIVITY_SECONDS ?? 3,
    alerts: {
      channels,
      allowPrivateNetwork: e.ALERT_ALLOW_PRIVATE_NETWORK ?? false,
      paymentFailedFromAttempt,
      rules: file?.rules ?? defaultAlertRules(channels.map((c) => c.name), paymentFailedFromAttempt),
      stripPersonalData: e.ALERT_STRIP_PERSONAL_DATA ?? file?.stripPersonalData ?? false,
      dryRun: e.ALERTS_DRY_RUN ?? false,
      adminToken: e.ALERTS_ADMIN_TOKEN,
    },
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

/** A channel's variables that only work together: the error names the one given, and what it lacks. */
function requireTogether(e: RawEnv): void {
  if (e.ALERT_WEBHOOK_URL !== undefined && e.ALERT_WEBHOOK_SECRET === undefined) {
    throw new ConfigError('ALERT_WEBHOOK_URL', 'needs ALERT_WEBHOOK_SECRET to sign what is sent: a Standard Webhooks secret, whsec_ followed by base64 (e.g. whsec_$(openssl rand -base64 32))');
  }
  const email = { SMTP_URL: e.SMTP_URL, ALERT_EMAIL_TO: e.ALERT_EMAIL_TO, ALERT_EMAIL_FROM: e.ALERT_EMAIL_FROM };
  const given = Object.entries(email).find(([, value]) => value !== undefined);
  const missing = Object.entries(email).filter(([, value]) => value === undefined).map(([name]) => name);
  if (given !== undefined && missing.length > 0) {
    throw new ConfigError(given[0], `e-mail alerts need SMTP_URL, ALERT_EMAIL_TO and ALERT_EMAIL_FROM together: set ${missing.join(' and ')} too`);
  }
}

/** ALERTS_FILE when set (it must exist), else ./alerts.yaml when there is one. */
function alertsFile(
  named: string | undefined,
  read: ReadAlertsFile,
  ctx: Omit<Parameters<typeof parseAlertsFile>[1], 'path'>,
): AlertsFile | undefined {
  const path = named ?? 'alerts.yaml';
  let text: string | undefined;
  try {
    text = read(path);
  } catch (error) {
    throw new ConfigError('ALERTS_FILE', `${path} can't be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text === undefined) {
    if (named !== undefined) throw new ConfigError('ALERTS_FILE', `${path} does not exist`);
    return undefined;
  }
  try {
    return parseAlertsFile(text, { ...ctx, path });
  } catch (error) {
    if (error instanceof AlertsFileError) throw new ConfigError('ALERTS_FILE', error.message);
    throw error;
  }
}

/**
 * Stripe allows 25 requests/s in test mode and about 100 live; we keep a little under the live one. A
 * Stripe-compatible server of one's own (the emulator, stripe-mock) has no limit unless one is set.
 */
function defaultMaxRequestsPerSecond(secretKey: string | undefined, apiBase: string | undefined): number {
  if (apiBase !== undefined) return Infinity;
  return secretKey !== undefined && /^(sk|rk)_live_/.test(secretKey) ? 90 : 25;
}
