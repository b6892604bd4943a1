/**
 * npm run bench: each scenario of issue 8 beside its baseline, on this machine, against the emulator,
 * with the service, the emulator, the baselines and the load generator each in a process of its own.
 * Prints a table per account size and writes bench/results/latest.json. Missed goals are reported, not
 * failed on: only a crash exits non-zero. `npm run bench -- --help` lists the options.
 */
import { parseOptions } from './options.ts';
import { printTable, RESULTS_FILE, writeResults } from './report.ts';
import { combineRuns, scalingRows, type Row } from './results.ts';
import { progress, runSuite } from './suite.ts';
import type { Measurement } from './measurement.ts';

const options = parseOptions(process.argv.slice(2), process.env);
const store = options.databaseUrl === undefined ? 'pglite' : 'postgres';
const started = performance.now();

const bySize: Row[][] = [];
for (const customers of options.sizes) {
  const runs: Measurement[][] = [];
  for (let run = 1; run <= options.runs; run++) {
    if (options.runs > 1) progress(`run ${run} of ${options.runs}`);
    runs.push(await runSuite(options, customers));
  }
  bySize.push(combineRuns(runs, customers, store));
}

const storeName = store === 'pglite' ? 'PGlite' : 'PostgreSQL';
const runsNote = options.runs > 1 ? `, median of ${options.runs} runs (min–max)` : '';
options.sizes.forEach((customers, i) => printTable(`${customers.toLocaleString('en-US')} customers on ${storeName}${runsNote}`, bySize[i] ?? []));
const [small, large] = bySize;
const scaling = small && large ? scalingRows(small, large) : [];
if (scaling.length > 0) {
  const sizes = `${large?.[0]?.customers.toLocaleString('en-US')} customers (value) vs ${small?.[0]?.customers.toLocaleString('en-US')} (baseline)`;
  printTable(`Scaling, ${sizes}: the per-change figures must not grow with the account`, scaling);
}

const rows = [...bySize.flat(), ...scaling];
await writeResults(rows, { customers: options.sizes[options.sizes.length - 1] ?? 0, store, runs: options.runs, quick: options.quick });
const missed = rows.filter((row) => row.met === false).length;
process.stdout.write(`\n${missed} of ${rows.filter((row) => row.met !== null).length} goals missed. ${RESULTS_FILE.pathname} written in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
