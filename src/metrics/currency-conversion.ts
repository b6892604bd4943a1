import { currencyDecimals } from './currency.ts';
import { Dec, Fraction } from './exact.ts';

export interface RatesConfig {
  reportingCurrency: string;
  /** Decimal strings: 1 unit of the key currency = rate units of the reporting currency. */
  rates: ReadonlyMap<string, string>;
}

/**
 * Converts one currency's total into reporting minor units, rounded once, half away from zero (rule 7).
 * Undefined when there is no rate, so the caller can list the currency instead of guessing.
 */
export function convertTotal(minor: number, currency: string, config: RatesConfig): number | undefined {
  const from = currency.toLowerCase();
  const to = config.reportingCurrency.toLowerCase();
  if (from === to) return minor;
  const rate = config.rates.get(from);
  if (rate === undefined) return undefined;
  const scale = new Dec(10).pow(currencyDecimals(to) - currencyDecimals(from));
  return Fraction.of(minor).times(new Dec(rate).times(scale)).roundHalfAwayFromZero();
}
