/** The report: a table per account size (and one for scaling) on stdout, the same rows in bench/results/latest.json. */
import Table from 'cli-table3';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Store } from './goals.ts';
import type { Row } from './results.ts';

export const RESULTS_FILE = new URL('./results/latest.json', import.meta.url);

function number(value: number, unit: Row['unit']): string {
  if (Number.isNaN(value)) return 'n/a';
  const digits = unit === 'ms' ? (value < 10 ? 2 : value < 100 ? 1 : 0) : unit === 's' || unit === '×' ? 2 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const withUnit = (value: number, unit: Row['unit']) => (Number.isNaN(value) ? 'n/a' : `${number(value, unit)} ${unit}`);

function valueCell(row: Row): string {
  const value = withUnit(row.value, row.unit);
  return row.spread ? `${value} (${number(row.spread[0], row.unit)}–${number(row.spread[1], row.unit)})` : value;
}

export function printTable(title: string, rows: readonly Row[]): void {
  const table = new Table({ head: ['scenario', 'value', 'baseline', 'ratio', 'goal', 'met'], style: { head: [], border: [], compact: true } });
  const notes: string[] = [];
  for (const row of rows) {
    const marker = row.note ? ` [${notes.push(`${row.name}: ${row.note}`)}]` : '';
    table.push([
      `${row.name}${marker}`,
      valueCell(row),
      row.baseline === null ? '' : withUnit(row.baseline, row.unit),
      row.ratio === null || Number.isNaN(row.ratio) ? '' : `${row.ratio.toFixed(2)}×`,
      row.goal ?? '',
      row.met === null ? '' : row.met ? 'yes' : 'NO',
    ]);
  }
  process.stdout.write(`\n${title}\n${table.toString()}\n`);
  notes.forEach((note, i) => process.stdout.write(`  [${i + 1}] ${note}\n`));
}

const finite = (value: number | null) => (value === null || Number.isNaN(value) ? null : value);

export async function writeResults(rows: readonly Row[], context: { customers: number; store: Store; runs: number; quick: boolean }): Promise<void> {
  const json = {
    machine: { cores: os.cpus().length, memory: os.totalmem(), node: process.version, customers: context.customers, store: context.store },
    runs: context.runs,
    quick: context.quick,
    date: new Date().toISOString(),
    scenarios: rows.map((row) => ({
      name: row.name,
      value: finite(row.value),
      unit: row.unit,
      baseline: finite(row.baseline),
      ratio: finite(row.ratio),
      goal: row.goal,
      met: row.met,
      customers: row.customers,
      ...(row.baselineCustomers === undefined ? {} : { baseline_customers: row.baselineCustomers }),
      ...(row.spread ? { spread: row.spread } : {}),
      ...(row.note ? { note: row.note } : {}),
    })),
  };
  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
}
