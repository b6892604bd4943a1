import { loadConfig, type Config } from '../../src/config/config.ts';
import { createEmulator, type Emulator, type EmulatorState } from '../../src/emulator/index.ts';
import type { NetworkOptions } from '../../src/emulator/network-conditions.ts';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logging/logger.ts';
import { startService, type RunningService } from '../../src/server/start-service.ts';
import type { EventRetryPolicy } from '../../src/ingest/event-processor.ts';
import type { AlertRetryPolicy } from '../../src/alerts/retry-schedule.ts';
import type { RetryPolicy } from '../../src/stripe/retry.ts';
import { dropTestSchema, TEST_DATABASE_URL, uniqueSchema } from './test-database.ts';

export const TEST_SECRET_KEY = 'sk_test_revenueagent_integration';

/** Retries without waiting: the backoff arithmetic has its own unit tests. */
export const instantRetries: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 2, sleep: async () => {}, random: () => 0.5 };

/** Failed events wait milliseconds, not seconds; those of unknown kind are set aside after three attempts. */
export const quickEventRetries: EventRetryPolicy = { baseMs: 20, maxMs: 200, deadAfter: 3 };

/** Alerts retried after milliseconds, given up after three attempts; the schedule has its own unit tests. */
export const quickAlertRetries: AlertRetryPolicy = { delaysMs: [20, 40], jitter: 0, random: Math.random, leaseMs: 2_000, idlePollMs: 20, timeoutMs: 2_000 };

export interface ServiceUnderTest {
  /** Absent for a webhook-only service, which has no key to call Stripe with. */
  emulator: Emulator;
  running: RunningService;
  config: Config;
  url: string;
  get(path: string): Promise<{ status: number; body: any }>;
  /** JSON: `body`, or an empty object. */
  post(path: string, body?: object): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** The real service on a free port, synced from an emulator serving `state`, over PGlite or PostgreSQL. */
export async function startServiceAgainst(
  state: EmulatorState,
  options: { env?: Record<string, string>; secretKey?: string; emulatorKey?: string; schema?: string; network?: NetworkOptions } = {},
): Promise<ServiceUnderTest> {
  const emulator = createEmulator({ secretKey: options.emulatorKey ?? TEST_SECRET_KEY, state, ...options.network });
  const apiBase = await emulator.listen();
  const sut = await startTestService({ STRIPE_SECRET_KEY: options.secretKey ?? TEST_SECRET_KEY, STRIPE_API_BASE: apiBase, ...options.env }, options.schema);
  return { ...sut, emulator, stop: async () => (await sut.stop(), await emulator.close()) };
}

/** The real service on a free port with exactly this environment (plus a private store). */
export async function startTestService(
  env: Record<string, string>,
  schema = uniqueSchema('svc'),
  logger: Logger = createLogger('silent'),
): Promise<Omit<ServiceUnderTest, 'emulator'>> {
  const config = loadConfig({
    PORT: '0',
    SYNC_INTERVAL_MINUTES: '0',
    // Tests sync back to back; the limit has its own test (test/access.test.ts).
    SYNC_REQUEST_MIN_SECONDS: '0',
    ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
    ...env,
  });
  const running = await startService({ config, logger, inMemory: true, schema, retry: instantRetries, eventRetry: quickEventRetries, alertRetry: quickAlertRetries });
  // Our own routes need no socket: Fastify's inject runs the same hooks, parsers and handlers.
  const call = async (method: 'GET' | 'POST', path: string, payload: object = {}) => {
    // A POST goes as JSON, as the service takes changes without a token (see access-control.ts).
    const response = await running.app.inject(method === 'POST' ? { method, url: path, payload } : { method, url: path });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    running,
    config,
    url: running.url,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    async stop() {
      await running.stop().catch(() => undefined);
      await dropTestSchema(schema);
    },
  };
}
