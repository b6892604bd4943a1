/** What `npm run faults -- …` was asked to do: flags, then the defaults (a full run, or `--quick` for CI). */
import { parseArgs } from 'node:util';

export type StoreKind = 'pglite' | 'postgres';

export interface CampaignOptions {
  stores: StoreKind[];
  /** PostgreSQL server; each run gets a fresh database on it. */
  serverUrl: string;
  seed: number;
  kills: number;
  customers: number;
  outageSeconds: number;
  /** A full check (settle, sync, compare figures and derived state) after every this many kills, and at the end. */
  checkEvery: number;
  /** Webhooks in one burst. */
  burstSize: number;
}

const USAGE = `npm run faults -- [--quick] [--store pglite|postgres|both] [--seed N] [--kills N] [--customers N]
  [--outage-seconds S] [--check-every N] [--burst N]
  FAULTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the PostgreSQL server.`;

function count(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, not "${text}"\n${USAGE}`);
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CampaignOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      store: { type: 'string', default: 'both' },
      seed: { type: 'string' },
      kills: { type: 'string' },
      customers: { type: 'string' },
      'outage-seconds': { type: 'string' },
      'check-every': { type: 'string' },
      burst: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const stores: Record<string, StoreKind[]> = { pglite: ['pglite'], postgres: ['postgres'], both: ['pglite', 'postgres'] };
  const chosen = stores[values.store ?? 'both'];
  if (!chosen) throw new Error(`--store must be pglite, postgres or both, not "${values.store}"\n${USAGE}`);
  return {
    stores: chosen,
    serverUrl: env.FAULTS_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seed: count('--seed', values.seed, 1, 0),
    kills: count('--kills', values.kills, quick ? 6 : 100),
    customers: count('--customers', values.customers, quick ? 40 : 80),
    outageSeconds: count('--outage-seconds', values['outage-seconds'], quick ? 4 : 60, 0),
    checkEvery: count('--check-every', values['check-every'], quick ? 3 : 1),
    burstSize: count('--burst', values.burst, 500),
  };
}
