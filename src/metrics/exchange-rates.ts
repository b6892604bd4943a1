import { Dec } from './exact.ts';

const CURRENCY = /^[a-z]{3}$/;
// Plain decimals only: an exponent or a sign in a config value is far more likely a typo than intended.
const RATE = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parses EXCHANGE_RATES, e.g. "eur=1.10,jpy=0.0067": 1 unit of each currency = rate units of the
 * reporting currency. Rates stay decimal strings so conversion is exact. Blank text means no rates.
 */
export function parseExchangeRates(text: string): Map<string, string> {
  const rates = new Map<string, string>();
  if (text.trim() === '') return rates;
  for (const [index, rawEntry] of text.split(',').entries()) {
    const entry = rawEntry.trim();
    const where = `exchange rate #${index + 1}`;
    if (entry === '') throw new Error(`${where} is empty; expected currency=rate pairs separated by commas, e.g. eur=1.10,jpy=0.0067`);
    const parts = entry.split('=');
    if (parts.length !== 2) throw new Error(`${where} "${entry}" should look like eur=1.10`);
    const currency = parts[0]!.trim().toLowerCase();
    const rate = parts[1]!.trim();
    if (!CURRENCY.test(currency)) throw new Error(`${where}: "${parts[0]!.trim()}" is not a three-letter currency code`);
    if (!RATE.test(rate)) throw new Error(`${where}: rate for ${currency} "${rate}" is not a plain positive decimal number`);
    if (!new Dec(rate).gt(0)) throw new Error(`${where}: rate for ${currency} must be greater than 0`);
    if (rates.has(currency)) throw new Error(`${where}: ${currency} is given more than once`);
    rates.set(currency, rate);
  }
  return rates;
}
