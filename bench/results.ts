/**
 * From measurements to the rows of the report: runs of the same figure combined (median, with the
 * min–max spread), the goal applied, and the per-change figures of two account sizes compared.
 */
import { describeGoal, goalsFor, isPerChange, meets, SCALING_GOAL, type Store } from './goals.ts';
import type { Measurement, Unit } from './measurement.ts';

export interface Row {
  name: string;
  customers: number;
  value: number;
  unit: Unit | '×';
  baseline: number | null;
  ratio: number | null;
  goal: string | null;
  met: boolean | null;
  /** Scaling rows: the account size of the baseline figure. */
  baselineCustomers?: number;
  /** Min and max over the runs, when there were several. */
  spread?: [number, number];
  note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One row per figure: each run's measurements of it, combined. Order: as first measured. */
export function combineRuns(runs: readonly Measurement[][], customers: number, store: Store): Row[] {
  const goals = goalsFor(store);
  const byName = new Map<string, Measurement[]>();
  for (const run of runs) for (const m of run) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  return [...byName.entries()].map(([name, samples]) => {
    const first = samples[0] as Measurement;
    const value = median(samples.map((s) => s.value));
    const baselines = samples.flatMap((s) => (s.baseline === undefined ? [] : [s.baseline]));
    const baseline = baselines.length > 0 ? median(baselines) : undefined;
    const conditions = goals.get(name);
    const values = samples.map((s) => s.value).filter((v) => !Number.isNaN(v));
    const note = samples.find((s) => s.note)?.note;
    return {
      name,
      customers,
      value,
      unit: first.unit,
      baseline: baseline ?? null,
      ratio: baseline === undefined ? null : value / baseline,
      goal: conditions ? conditions.map((c) => describeGoal(c, first.unit)).join(' and ') : null,
      met: conditions ? conditions.every((c) => meets(c, value, baseline)) : null,
      ...(samples.length > 1 && values.length > 0 ? { spread: [Math.min(...values), Math.max(...values)] as [number, number] } : {}),
      ...(note ? { note } : {}),
    };
  });
}

/** The per-change figures at the large size beside the small: they must not grow with the account. */
export function scalingRows(small: readonly Row[], large: readonly Row[]): Row[] {
  const smallByName = new Map(small.map((row) => [row.name, row]));
  return large.flatMap((row) => {
    const before = smallByName.get(row.name);
    if (!before || !isPerChange(row.name)) return [];
    return [
      {
        name: `scaling: ${row.name}`,
        customers: row.customers,
        baselineCustomers: before.customers,
        value: row.value,
        unit: row.unit,
        baseline: before.value,
        ratio: row.value / before.value,
        goal: describeGoal(SCALING_GOAL, row.unit as Unit),
        met: meets(SCALING_GOAL, row.value, before.value),
      },
    ];
  });
}
