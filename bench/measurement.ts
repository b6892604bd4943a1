/** What a scenario hands back, and what the suite it runs in gives it to work with. */
import type { BenchOptions } from './options.ts';
import type { Started } from './processes.ts';
import type { RevenueStream } from './revenue-stream.ts';
import type { BenchStore } from './store.ts';

export type Unit = 'ms' | 's' | 'MB' | 'req/s' | 'events/s' | 'events' | 'requests';

export interface Measurement {
  /** Stable across runs and sizes: runs are combined, and sizes compared, by name. */
  name: string;
  /** NaN when it could not be measured; `note` says why. */
  value: number;
  unit: Unit;
  /** The same figure for the baseline, in the same unit. */
  baseline?: number;
  note?: string;
}

export interface SuiteContext {
  options: BenchOptions;
  customers: number;
  store: BenchStore;
  emulator: { url: string; key: string };
  webhookSecret: string;
  /** The environment `serve` and `sync` run with. */
  serviceEnv: Record<string, string>;
}

export interface RunningService {
  url: string;
  process: Started;
  stream: RevenueStream;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const failed = (name: string, unit: Unit, error: unknown): Measurement => ({
  name,
  value: NaN,
  unit,
  note: (error as Error).message.split('\n', 1)[0],
});
