/**
 * One run at one account size: a fresh store and emulator, then the scenarios in the order that lets
 * each use what the one before left (the CLI sync fills the store that `serve` starts on; webhook intake
 * comes last because it stops the service). Every process it started is stopped, whatever happens.
 */
import type { Measurement, RunningService, SuiteContext } from './measurement.ts';
import type { BenchOptions, ScenarioGroup } from './options.ts';
import { runToEnd, startCli } from './processes.ts';
import { eventsToSse } from './scenarios/events-to-sse.ts';
import { fullSync } from './scenarios/full-sync.ts';
import { history } from './scenarios/history.ts';
import { revenueLoad } from './scenarios/revenue-load.ts';
import { secondInstance } from './scenarios/second-instance.ts';
import { startService } from './scenarios/start-up.ts';
import { stripePace } from './scenarios/stripe-pace.ts';
import { webhookIntake } from './scenarios/webhook-intake.ts';
import { freshStore } from './store.ts';

const EMULATOR_KEY = 'sk_test_bench_emulator';
const WEBHOOK_SECRET = 'whsec_bench_0123456789abcdef';
/** Generating 20,000 customers' history takes a while on a small machine. */
const EMULATOR_START_TIMEOUT_MS = 10 * 60_000;

export const progress = (message: string) => process.stderr.write(`▸ ${message}\n`);

export async function runSuite(options: BenchOptions, customers: number): Promise<Measurement[]> {
  const store = await freshStore(options.databaseUrl);
  const emulator = startCli(['emulator', '--port', '0', '--customers', String(customers), '--key', EMULATOR_KEY], {});
  let service: RunningService | undefined;
  try {
    const line = await emulator.waitForLine((l) => l.includes('emulator listening on'), EMULATOR_START_TIMEOUT_MS, 'the emulator');
    const emulatorUrl = /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const ctx: SuiteContext = {
      options,
      customers,
      store,
      emulator: { url: emulatorUrl, key: EMULATOR_KEY },
      webhookSecret: WEBHOOK_SECRET,
      serviceEnv: {
        ...store.env,
        STRIPE_SECRET_KEY: EMULATOR_KEY,
        STRIPE_API_BASE: emulatorUrl,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        HOST: '127.0.0.1',
        PORT: '0',
        SYNC_INTERVAL_MINUTES: '0',
        LOG_LEVEL: 'info',
      },
    };
    const rows: Measurement[] = [];
    const wanted = (group: ScenarioGroup) => options.only.has(group);
    const step = async (group: ScenarioGroup, label: string, work: () => Promise<Measurement[]>) => {
      if (!wanted(group)) return;
      progress(`${customers.toLocaleString('en-US')} customers, ${store.kind}: ${label}`);
      rows.push(...(await work()));
    };

    await step('sync', 'full sync', () => fullSync(ctx));
    // Start-up is measured on a synced store; without the sync scenario, an unmeasured sync makes one.
    if (!wanted('sync') && wanted('startup')) await runToEnd(startCli(['sync'], ctx.serviceEnv), 'revenue-agent sync');
    progress(`${customers.toLocaleString('en-US')} customers, ${store.kind}: start-up`);
    const started = await startService(ctx);
    service = started.service;
    if (wanted('startup')) rows.push(started.measurement);
    const running = service;
    await step('events', `webhook → SSE, ${options.eventsPerType} events per type`, () => eventsToSse(ctx, running));
    await step('history', 'history after a change', () => history(ctx, running));
    // Several instances share a PostgreSQL server; a PGlite folder is one process's.
    if (store.kind === 'postgres') await step('instances', 'a second instance beside the first', () => secondInstance(ctx, running));
    await step('revenue', `GET /api/revenue, ${options.connections} clients`, () => revenueLoad(ctx, running));
    await step('webhooks', `webhook intake, ${options.connections} clients`, () => webhookIntake(ctx, running));
    // Its own small account at Stripe's pace, the same at every size: run once, with the largest.
    if (customers === Math.max(...options.sizes)) await step('pace', "Stripe's pace: sync and a renewal burst", () => stripePace(ctx));
    return rows;
  } finally {
    await service?.stream.close();
    await service?.process.stop();
    await emulator.stop();
    await store.drop();
  }
}
