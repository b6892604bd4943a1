import { Dec } from './exact.ts';

// Stripe's lists: https://docs.stripe.com/currencies#zero-decimal and #three-decimal (rule 7).
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** How many decimal places a currency's minor unit has; every other currency has 2. */
export function currencyDecimals(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** The edge where exact minor units become a display number, e.g. 12345 usd → 123.45. */
export function toMajorUnits(minor: number, currency: string): number {
  return new Dec(minor).dividedBy(new Dec(10).pow(currencyDecimals(currency))).toNumber();
}

/** The same amount as an exact decimal string with the currency's places, e.g. 12340 usd → '123.40' (for CSV). */
export function toMajorString(minor: number, currency: string): string {
  const places = currencyDecimals(currency);
  return new Dec(minor).dividedBy(new Dec(10).pow(places)).toFixed(places);
}
