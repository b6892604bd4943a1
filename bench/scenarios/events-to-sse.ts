/**
 * Each event type, webhook → SSE: a real change in the emulator, its event delivered signed, timed from
 * the 200 to the new figures on the stream; p50 and p99 per type. A type whose figures never come is
 * reported as such and not tried again.
 */
import { CONTROL_CHANGE_TYPES } from '../../src/emulator/control-changes.ts';
import { deliverChange } from '../deliver-change.ts';
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { failed } from '../measurement.ts';
import { summarize } from '../stats.ts';

const FRAME_TIMEOUT_MS = 60_000;

export async function eventsToSse(ctx: SuiteContext, service: RunningService): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const type of CONTROL_CHANGE_TYPES) {
    const latencies: number[] = [];
    try {
      for (let i = 0; i < ctx.options.eventsPerType; i++) latencies.push(await deliverChange(ctx, service, type, FRAME_TIMEOUT_MS));
    } catch (error) {
      rows.push(failed(`${type} → SSE p50`, 'ms', error), failed(`${type} → SSE p99`, 'ms', error));
      continue;
    }
    const { p50, p99 } = summarize(latencies);
    rows.push({ name: `${type} → SSE p50`, value: p50, unit: 'ms' }, { name: `${type} → SSE p99`, value: p99, unit: 'ms' });
  }
  return rows;
}
