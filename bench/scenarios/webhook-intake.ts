/**
 * Webhook intake: 50 concurrent clients post distinct signed events (customer.updated for real
 * customers, so the service can re-fetch them), beside a bare server that only verifies the signature.
 * Then every acknowledged event must be stored and applied. On PostgreSQL the store is asked directly,
 * while the service runs; PGlite's folder opens in one process only, so there the stream shows when the
 * service has gone quiet, the service stops, and the store is asked then. The service is stopped after.
 */
import type { LoadResult } from '../load/load-job.ts';
import { runLoad } from '../load/run-load.ts';
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { sleep } from '../measurement.ts';
import type { EventCounts } from '../store.ts';
import { problems, startBaselineServer } from './revenue-load.ts';

/** Applying has stalled when nothing more is applied for this long. */
const STALL_MS = 30_000;
/**
 * PGlite: the service is taken to be done once the stream is this quiet, should it publish less than a
 * frame per event. The store's count afterwards is what decides.
 */
const QUIET_MS = 10_000;

let tags = 0;

async function customersToUpdate(ctx: SuiteContext): Promise<unknown[]> {
  const response = await fetch(`${ctx.emulator.url}/v1/customers?limit=100`, { headers: { authorization: `Bearer ${ctx.emulator.key}` } });
  const customers = ((await response.json()) as { data: unknown[] }).data;
  if (customers.length === 0) throw new Error('the account has no customers to send events for');
  return customers;
}

/** Polls the store until every acknowledged event is applied, or applying stalls. */
async function appliedOnServer(ctx: SuiteContext, ids: string[], loadEnded: number) {
  const storedWhenAnswered = (await ctx.store.countEvents(ids))?.stored ?? NaN;
  let counts: EventCounts | undefined;
  let progressAt = performance.now();
  for (;;) {
    const next = await ctx.store.countEvents(ids);
    if (next && next.applied !== counts?.applied) progressAt = performance.now();
    counts = next;
    if (!counts || counts.applied >= ids.length || performance.now() - progressAt > STALL_MS) break;
    await sleep(50);
  }
  return { counts, storedWhenAnswered, allAppliedMs: performance.now() - loadEnded };
}

/** Waits for a frame per event (or a quiet stream), stops the service, then reads its store. */
async function appliedAfterStop(ctx: SuiteContext, service: RunningService, ids: string[], framesBefore: number, loadEnded: number) {
  while (service.stream.frames - framesBefore < ids.length) {
    try {
      await service.stream.frameAfter(service.stream.frames, QUIET_MS);
    } catch {
      break;
    }
  }
  const allAppliedMs = Math.max(0, service.stream.lastFrameAt - loadEnded);
  await service.stream.close();
  await service.process.stop();
  return { counts: await ctx.store.countEvents(ids), storedWhenAnswered: NaN, allAppliedMs };
}

export async function webhookIntake(ctx: SuiteContext, service: RunningService): Promise<Measurement[]> {
  const customers = await customersToUpdate(ctx);
  const job = { connections: ctx.options.connections, seconds: ctx.options.loadSeconds };
  const bare = await startBaselineServer('./baselines/verify-server.ts', { STRIPE_WEBHOOK_SECRET: ctx.webhookSecret });
  let baseline: LoadResult;
  try {
    baseline = await runLoad({ ...job, url: `${bare.url}/webhooks/stripe`, webhook: { secret: ctx.webhookSecret, customers, tag: `bare${process.pid}_${++tags}` } });
  } finally {
    await bare.stop();
  }
  const framesBefore = service.stream.frames;
  const measured = await runLoad({
    ...job,
    url: `${service.url}/webhooks/stripe`,
    webhook: { secret: ctx.webhookSecret, customers, tag: `svc${process.pid}_${++tags}` },
  });
  const loadEnded = performance.now();
  const ids = measured.acknowledged;
  const settled = ctx.store.kind === 'postgres' ? await appliedOnServer(ctx, ids, loadEnded) : await appliedAfterStop(ctx, service, ids, framesBefore, loadEnded);
  const applied = settled.counts?.applied ?? NaN;
  const note = problems(measured) || undefined;
  const rows: Measurement[] = [
    { name: 'webhook intake', value: measured.perSecond, unit: 'events/s', baseline: baseline.perSecond, ...(note ? { note } : {}) },
    { name: 'webhook intake p99', value: measured.p99, unit: 'ms', baseline: baseline.p99 },
    {
      name: 'webhook intake: applied',
      value: applied,
      unit: 'events',
      baseline: ids.length,
      ...(settled.counts ? {} : { note: 'the store could not be read' }),
    },
    applied === ids.length
      ? { name: 'webhook intake: until all applied', value: settled.allAppliedMs / 1000, unit: 's', note: 'from the end of the load' }
      : { name: 'webhook intake: until all applied', value: NaN, unit: 's', note: `not all applied: ${applied} of ${ids.length}` },
  ];
  if (ctx.store.kind === 'postgres') rows.push({ name: 'webhook intake: stored when answered', value: settled.storedWhenAnswered, unit: 'events', baseline: ids.length });
  return rows;
}
