import type { RatesConfig } from './currency-conversion.ts';
import { convertedSum } from './history/ledger-cursor.ts';

/** A headline figure now and some days ago, in reporting minor units (or a count). */
export interface FigureChange {
  now: number;
  then: number;
  change: number;
}

export const figureChange = (now: number, then: number): FigureChange => ({ now, then, change: now - then });

/**
 * Total revenue before a window and what the window added: each currency's total less the window's net
 * revenue, converted once per currency as the headline converts, so `now` is the headline's figure and
 * `change` the converted net collected in the window. A currency without a rate is left out of both.
 */
export function revenueChange(totalByCurrency: ReadonlyMap<string, number>, windowByCurrency: ReadonlyMap<string, number>, rates: RatesConfig): FigureChange {
  const before = new Map(totalByCurrency);
  for (const [currency, amount] of windowByCurrency) before.set(currency, (before.get(currency) ?? 0) - amount);
  return figureChange(convertedSum(totalByCurrency, rates), convertedSum(before, rates));
}
