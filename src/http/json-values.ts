import { toMajorUnits } from '../metrics/index.ts';

/** Unix seconds as an ISO date-time, for JSON answers; a missing time stays null. */
export function isoFromUnix(unixSeconds: number): string;
export function isoFromUnix(unixSeconds: number | null | undefined): string | null;
export function isoFromUnix(unixSeconds: number | null | undefined): string | null {
  return typeof unixSeconds === 'number' ? new Date(unixSeconds * 1000).toISOString() : null;
}

/** Each currency's minor units in its own major units, by currency code. */
export function majorByCurrency(minor: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(minor)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, amount]) => [currency, toMajorUnits(amount, currency)]),
  );
}
