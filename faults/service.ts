/** The service under test: `revenue-agent serve` as its own process, started, killed and started again. */
import { logSays, startCli, type Started } from '../bench/processes.ts';

export interface RunningService {
  process: Started;
  url: string;
  /** performance.now() when it said it listens. */
  listeningAt: number;
}

const START_TIMEOUT_MS = 120_000;

export async function startService(env: Record<string, string>): Promise<RunningService> {
  const process = startCli(['serve'], env);
  const line = await process.waitForLine(logSays('revenue-agent listening'), START_TIMEOUT_MS, 'revenue-agent serve');
  return { process, url: (JSON.parse(line) as { url: string }).url, listeningAt: performance.now() };
}

/** SIGKILL, as a power cut or the OOM killer would: no shutdown code runs. */
export async function kill(started: Started): Promise<void> {
  if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  await started.exited;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

export interface RevenueAnswer {
  mrr: number;
  customers: number;
  total_revenue: number;
  mrr_by_currency: Record<string, number>;
  as_of: string | null;
  pending_events: number;
  dead_events: number;
}

export const revenueOf = (service: RunningService) => getJson<RevenueAnswer>(`${service.url}/api/revenue`);

export async function syncStatus(service: RunningService): Promise<'running' | 'idle' | 'unknown'> {
  try {
    return (await getJson<{ status: 'running' | 'idle' }>(`${service.url}/api/revenue/sync`)).status;
  } catch {
    return 'unknown';
  }
}
