import type { RatesConfig } from '../currency-conversion.ts';
import { currencyDecimals } from '../currency.ts';
import { Exact } from './exact-decimal.ts';

/**
 * Reporting minor units per minor unit of `currency`, exactly as `convertTotal` scales before it
 * rounds; undefined when there is no rate, so the currency is left out as in the headline (rule 7).
 */
export function reportingFactor(currency: string, rates: RatesConfig): Exact | undefined {
  const to = rates.reportingCurrency.toLowerCase();
  if (currency === to) return new Exact(1);
  const rate = rates.rates.get(currency);
  if (rate === undefined) return undefined;
  return new Exact(rate).times(new Exact(10).pow(currencyDecimals(to) - currencyDecimals(currency)));
}
