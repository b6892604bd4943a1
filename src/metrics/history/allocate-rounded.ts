import type { Exact } from './exact-decimal.ts';

/**
 * Rounds exact amounts to integers that sum to `target`, each to its floor or its ceiling, the largest
 * fractions rounding up first. Within one currency the exact parts sum to the exact change, and the
 * rounded target differs from it by less than 1, so this always succeeds.
 */
export function allocateRounded(exact: readonly Exact[], target: number): number[] {
  const rounded = exact.map((value) => value.floor().toNumber());
  let remaining = target - rounded.reduce((a, b) => a + b, 0);
  const byFraction = exact
    .map((value, index) => ({ index, fraction: value.minus(value.floor()) }))
    .filter((entry) => !entry.fraction.isZero())
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  if (remaining < 0 || remaining > byFraction.length) throw new Error(`cannot round ${exact.join(', ')} to ${target}`);
  for (const { index } of byFraction) {
    if (remaining-- === 0) break;
    rounded[index]! += 1;
  }
  return rounded;
}
