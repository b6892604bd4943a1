/**
 * Start-up: `revenue-agent serve` spawned on the store, timed until GET /api/revenue has figures
 * (`as_of` set). The service then syncs in the background; every later scenario waits for that sync to
 * end, so that it measures the service at rest.
 */
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { sleep } from '../measurement.ts';
import { logSays, startCli } from '../processes.ts';
import { RevenueStream } from '../revenue-stream.ts';

/** A sync of the largest accounts takes minutes on a small machine. */
const START_SYNC_TIMEOUT_MS = 30 * 60_000;

export async function startService(ctx: SuiteContext): Promise<{ service: RunningService; measurement: Measurement }> {
  const started = startCli(['serve'], ctx.serviceEnv);
  try {
    const listening = await started.waitForLine(logSays('revenue-agent listening'), 120_000, 'revenue-agent serve');
    const url = (JSON.parse(listening) as { url: string }).url;
    for (;;) {
      const body = (await (await fetch(`${url}/api/revenue`)).json()) as { as_of: string | null };
      if (body.as_of) break;
      await sleep(10);
    }
    const measurement: Measurement = { name: 'start-up until figures', value: (performance.now() - started.startedAt) / 1000, unit: 's' };
    const finished = await started.waitForLine((line) => logSays('sync finished')(line) || logSays('sync failed')(line), START_SYNC_TIMEOUT_MS, 'the start-up sync');
    if (logSays('sync failed')(finished)) throw new Error(`the start-up sync failed: ${finished}`);
    return { service: { url, process: started, stream: await RevenueStream.open(url) }, measurement };
  } catch (error) {
    await started.stop();
    throw error;
  }
}
