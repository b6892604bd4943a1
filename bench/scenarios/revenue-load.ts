/**
 * GET /api/revenue under 50 concurrent clients from a load-generator process, beside a bare node:http
 * server (its own process too) that answers the same bytes.
 */
import { runLoad } from '../load/run-load.ts';
import type { LoadResult } from '../load/load-job.ts';
import type { Measurement, RunningService, SuiteContext } from '../measurement.ts';
import { startScript } from '../processes.ts';

export const problems = (r: LoadResult) =>
  [r.non2xx && `${r.non2xx} non-2xx`, r.errors && `${r.errors} errors`, r.timeouts && `${r.timeouts} timeouts`].filter(Boolean).join(', ');

export async function startBaselineServer(script: string, env: Record<string, string>) {
  const server = startScript(script, env);
  const url = await server.waitForLine((line) => line.startsWith('http://'), 30_000, script);
  return { url, stop: () => server.stop() };
}

export async function revenueLoad(ctx: SuiteContext, service: RunningService): Promise<Measurement[]> {
  const body = await (await fetch(`${service.url}/api/revenue`)).text();
  const bare = await startBaselineServer('./baselines/static-server.ts', { BODY: body });
  const job = { connections: ctx.options.connections, seconds: ctx.options.loadSeconds };
  let baseline: LoadResult;
  try {
    baseline = await runLoad({ ...job, url: `${bare.url}/api/revenue` });
  } finally {
    await bare.stop();
  }
  const measured = await runLoad({ ...job, url: `${service.url}/api/revenue` });
  const note = problems(measured) || undefined;
  return [
    { name: 'GET /api/revenue', value: measured.perSecond, unit: 'req/s', baseline: baseline.perSecond, ...(note ? { note } : {}) },
    { name: 'GET /api/revenue p99', value: measured.p99, unit: 'ms', baseline: baseline.p99 },
  ];
}
