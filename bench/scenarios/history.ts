/**
 * History after a change: a subscription changes (and its figures reach the stream), then each history
 * endpoint is timed twice, the first answer after the change and the same request again. The service's
 * memory is read once history has been built.
 */
import { deliverChange } from '../deliver-change.ts';
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { memoryOf } from '../processes.ts';

const ENDPOINTS: ReadonlyArray<readonly [string, string]> = [
  ['mrr by day', '/api/metrics/mrr?interval=day'],
  ['movements by day', '/api/metrics/movements?interval=day'],
  ['summary', '/api/metrics/summary'],
];

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${body.slice(0, 200)}`);
  return performance.now() - started;
}

export async function history(ctx: SuiteContext, service: RunningService): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const [label, path] of ENDPOINTS) {
    await deliverChange(ctx, service, 'customer.subscription.updated', 60_000);
    rows.push({ name: `${label} after a change`, value: await timedGet(`${service.url}${path}`), unit: 'ms' });
    rows.push({ name: `${label} cached`, value: await timedGet(`${service.url}${path}`), unit: 'ms' });
  }
  const memory = memoryOf(service.process.pid);
  rows.push({ name: 'service RSS after history', value: memory.rssMb, unit: 'MB' }, { name: 'service peak RSS', value: memory.peakMb, unit: 'MB' });
  return rows;
}
