import { Exact } from './exact-decimal.ts';

/** A rate as an exact fraction (0.1 = 10%) in a string with 4 decimals, or null with the reason. */
export type Ratio = { value: string; reason: null } | { value: null; reason: string };
/** Reporting minor units, rounded half away from zero, or null with the reason. */
export type Amount = { value: number; reason: null } | { value: null; reason: string };

const RATIO_DECIMALS = 4;

export const unavailable = (reason: string): { value: null; reason: string } => ({ value: null, reason });

/** Rounded half away from zero; the string keeps trailing zeros so every rate has the same shape. */
export function ratio(numerator: Exact | number, denominator: Exact | number, whenZero: string): Ratio {
  const den = new Exact(denominator);
  if (den.isZero()) return unavailable(whenZero);
  return { value: new Exact(numerator).dividedBy(den).toFixed(RATIO_DECIMALS, Exact.ROUND_HALF_UP), reason: null };
}

export function amount(value: Exact): Amount {
  const rounded = value.toDecimalPlaces(0, Exact.ROUND_HALF_UP).toNumber();
  return { value: rounded === 0 ? 0 : rounded, reason: null };
}
