import { Dec } from '../metrics/exact.ts';

/**
 * Fixed rates for the generated account's currencies, in US dollars per unit, so that the demo's
 * headline covers every currency it bills in. They are illustrative, and the page says they were used.
 */
const DOLLARS_PER_UNIT: ReadonlyMap<string, string> = new Map([
  ['usd', '1'],
  ['eur', '1.08'],
  ['gbp', '1.27'],
  ['jpy', '0.0067'],
]);

const SIGNIFICANT_DIGITS = 6;

/**
 * The demo rates into `reportingCurrency` (1 unit of each currency = rate units of it), as EXCHANGE_RATES
 * gives them; none when the reporting currency is not one the demo knows.
 */
export function demoExchangeRates(reportingCurrency: string): Map<string, string> {
  const reporting = DOLLARS_PER_UNIT.get(reportingCurrency.toLowerCase());
  if (reporting === undefined) return new Map();
  return new Map(
    [...DOLLARS_PER_UNIT]
      .filter(([currency]) => currency !== reportingCurrency.toLowerCase())
      .map(([currency, dollars]) => [currency, new Dec(dollars).div(reporting).toSignificantDigits(SIGNIFICANT_DIGITS).toFixed()]),
  );
}
