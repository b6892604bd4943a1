/**
 * Full sync: `revenue-agent sync` into the empty store, as its own process, beside the bare loop that
 * fetches and parses the same pages. Both are timed from spawn to exit, start-up included, so the ratio
 * is what a user waits for against what the network and the SDK cost anyway.
 */
import type { Measurement, SuiteContext } from '../measurement.ts';
import { runToEnd, startCli, startScript } from '../processes.ts';

export async function fullSync(ctx: SuiteContext): Promise<Measurement[]> {
  const bare = await runToEnd(
    startScript('./baselines/fetch-and-parse.ts', { STRIPE_API_BASE: ctx.emulator.url, STRIPE_SECRET_KEY: ctx.emulator.key }),
    'the fetch-and-parse baseline',
  );
  const sync = await runToEnd(startCli(['sync'], ctx.serviceEnv), 'revenue-agent sync');
  const bareRequests = (JSON.parse(bare.output) as { requests: number }).requests;
  const syncRequests = /\((\d+) requests\)/.exec(sync.output)?.[1] ?? '?';
  return [
    { name: 'full sync', value: sync.ms / 1000, unit: 's', baseline: bare.ms / 1000, note: `${syncRequests} requests, bare loop ${bareRequests}` },
    { name: 'full sync: peak RSS', value: sync.peakMb, unit: 'MB', baseline: bare.peakMb },
  ];
}
