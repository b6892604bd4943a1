/**
 * Several instances on one PostgreSQL database: a second `serve` started beside the first (its start-up
 * sync skipped, the first's being recent), then real changes sent to one instance and timed from the
 * webhook's 200 there to the same figures on the other's stream; p50 and p99 each way.
 */
import type { ControlChangeType } from '../deliver-change.ts';
import { makeChange, signedHeaders } from '../deliver-change.ts';
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { failed } from '../measurement.ts';
import { logSays, startCli } from '../processes.ts';
import { RevenueStream } from '../revenue-stream.ts';
import { summarize } from '../stats.ts';

const FRAME_TIMEOUT_MS = 30_000;
/** A change that always moves the figures (a new charge adds revenue): else the stream would have nothing new to show. */
const MOVING: ControlChangeType = 'charge.succeeded';

/**
 * Milliseconds from the 200 at `to` to the new figures on `watched`'s stream; then `to`'s stream must
 * come to the same figures (untimed), or the instances disagree.
 */
async function acrossInstances(ctx: SuiteContext, to: RunningService, watched: RunningService): Promise<number> {
  const payload = JSON.stringify(await makeChange(ctx, MOVING));
  const before = watched.stream.figures;
  const response = await fetch(`${to.url}/webhooks/stripe`, { method: 'POST', headers: signedHeaders(payload, ctx.webhookSecret), body: payload });
  const answered = performance.now();
  const body = await response.text();
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status} ${body}`);
  const shown = await watched.stream.frameWithout(before, FRAME_TIMEOUT_MS);
  await to.stream.frameWith(watched.stream.figures, FRAME_TIMEOUT_MS);
  return Math.max(0, shown - answered);
}

export async function secondInstance(ctx: SuiteContext, first: RunningService): Promise<Measurement[]> {
  // A schedule, so that the start-up sync is skipped: the first instance finished one moments ago.
  const started = startCli(['serve'], { ...ctx.serviceEnv, SYNC_INTERVAL_MINUTES: '60' });
  try {
    const listening = await started.waitForLine(logSays('revenue-agent listening'), 120_000, 'a second revenue-agent serve');
    const { url } = JSON.parse(listening) as { url: string };
    const second: RunningService = { url, process: started, stream: await RevenueStream.open(url) };
    const startUp: Measurement = { name: 'second instance: start-up until figures', value: (performance.now() - started.startedAt) / 1000, unit: 's' };
    const rows: Measurement[] = [startUp];
    for (const [from, to, name] of [
      [first, second, 'change at one instance → SSE of another'],
      [second, first, 'change at the other → SSE of the first'],
    ] as const) {
      const latencies: number[] = [];
      try {
        for (let i = 0; i < 2 * ctx.options.eventsPerType; i++) latencies.push(await acrossInstances(ctx, from, to));
      } catch (error) {
        rows.push(failed(`${name} p50`, 'ms', error), failed(`${name} p99`, 'ms', error));
        continue;
      }
      const { p50, p99 } = summarize(latencies);
      rows.push({ name: `${name} p50`, value: p50, unit: 'ms' }, { name: `${name} p99`, value: p99, unit: 'ms' });
    }
    await second.stream.close();
    return rows;
  } finally {
    await started.stop();
  }
}
