/** `npm run faults`: the fault campaign on each store asked for, then one table; exits 1 on any mismatch. */
import Table from 'cli-table3';
import { runCampaign, type StoreReport } from './campaign.ts';
import { KILL_POINTS } from './kill-points.ts';
import { parseOptions } from './options.ts';

const options = parseOptions(process.argv.slice(2), process.env);
const say = (line: string) => process.stderr.write(`${line}\n`);
say(`fault campaign: seed ${options.seed}, ${options.kills} kills, ${options.customers} customers, ${options.outageSeconds} s outage, stores: ${options.stores.join(', ')}`);

const reports: StoreReport[] = [];
let failed = false;
for (const store of options.stores) {
  try {
    reports.push(await runCampaign(store, options, say));
  } catch (error) {
    failed = true;
    say(`${store}: the campaign stopped: ${(error as Error).stack ?? error}`);
  }
}

const table = new Table({ head: ['', ...reports.map((r) => r.store)], style: { head: [], border: [] } });
const row = (name: string, value: (r: StoreReport) => string | number) => table.push([name, ...reports.map((r) => String(value(r)))]);
row('kills (SIGKILL)', (r) => r.kills);
row('restarts', (r) => r.restarts);
for (const point of KILL_POINTS) row(`  ${point}: kills / in the window`, (r) => `${r.points[point].kills} / ${r.points[point].hits}`);
row('  fresh stores killed before / during / after migrating', (r) => `${r.migrationStages.before} / ${r.migrationStages.during} / ${r.migrationStages.after}`);
row('events sent', (r) => r.events);
row('webhook deliveries', (r) => r.deliveries);
row('events answered 200', (r) => r.acknowledged);
row('  of which applied', (r) => r.applied);
row('answers non-2xx / no answer', (r) => `${r.refusedAnswers} / ${r.unanswered}`);
row('emulator faults / 2 s answers / cut pages', (r) => `${r.emulator.faults} / ${r.emulator.slowAnswers} / ${r.emulator.cutPages}`);
row('outages', (r) => r.outages);
row('restarts checked (all applied, none set aside, figures right)', (r) => r.caughtUp);
row('full checks', (r) => r.checks);
row('mismatches', (r) => r.mismatches.length);
row('duration (s)', (r) => r.seconds);
process.stdout.write(`${table.toString()}\n`);
for (const report of reports) for (const mismatch of report.mismatches) process.stdout.write(`${report.store}: ${mismatch}\n`);
if (failed || reports.some((r) => r.mismatches.length > 0)) process.exitCode = 1;
