/** What `npm run bench -- …` was asked to do: flags first, then BENCH_* variables, then the defaults. */
import { parseArgs } from 'node:util';

export const SCENARIO_GROUPS = ['sync', 'startup', 'events', 'history', 'instances', 'revenue', 'webhooks', 'pace'] as const;
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

export interface BenchOptions {
  /** Account sizes to run, smallest first; two of them when scaling is measured. */
  sizes: number[];
  /** A postgres:// server to run on (each run gets a database of its own); undefined runs on PGlite. */
  databaseUrl: string | undefined;
  quick: boolean;
  runs: number;
  only: ReadonlySet<ScenarioGroup>;
  eventsPerType: number;
  loadSeconds: number;
  connections: number;
}

const DEFAULT_CUSTOMERS = 20_000;
const QUICK_CUSTOMERS = 300;
/** The small size scaling is compared against. */
const SCALING_BASE = 2_000;

const USAGE = `npm run bench -- [--quick] [--customers N] [--scaling] [--runs N] [--only ${SCENARIO_GROUPS.join(',')}]
  [--events N] [--seconds S]
  BENCH_CUSTOMERS (default ${DEFAULT_CUSTOMERS}) sets the account size, BENCH_DATABASE_URL runs on PostgreSQL,
  BENCH_NODE_ARGS gives Node arguments to every revenue-agent process (--cpu-prof --cpu-prof-dir=…, say).`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${text}"\n${USAGE}`);
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      scaling: { type: 'boolean' },
      runs: { type: 'string' },
      only: { type: 'string' },
      events: { type: 'string' },
      seconds: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const customers = Math.round(positive('--customers', values.customers ?? env.BENCH_CUSTOMERS, quick ? QUICK_CUSTOMERS : DEFAULT_CUSTOMERS));
  // Scaling is on by default for a full run; --quick keeps to one small size so CI stays fast.
  const scaling = values.scaling ?? !quick;
  const sizes = scaling && customers !== SCALING_BASE ? [SCALING_BASE, customers].sort((a, b) => a - b) : [customers];
  const only = new Set<ScenarioGroup>();
  for (const name of (values.only ?? SCENARIO_GROUPS.join(',')).split(',')) {
    const group = name.trim() as ScenarioGroup;
    if (!SCENARIO_GROUPS.includes(group)) throw new Error(`--only: unknown scenario "${name}"\n${USAGE}`);
    only.add(group);
  }
  return {
    sizes,
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    quick,
    runs: Math.round(positive('--runs', values.runs, 1)),
    only,
    eventsPerType: Math.round(positive('--events', values.events, quick ? 20 : 100)),
    loadSeconds: positive('--seconds', values.seconds, quick ? 2 : 5),
    connections: 50,
  };
}
