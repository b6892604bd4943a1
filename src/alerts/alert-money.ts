import { convertTotal, type RatesConfig } from '../metrics/index.ts';
import type { MinorAmount, MoneyJson } from './alert-body.ts';

/** Amounts per currency as an alert gives them, with their sum in the reporting currency. */
export function alertMoney(amounts: readonly MinorAmount[], rates: RatesConfig): MoneyJson {
  let reporting: number | null = 0;
  for (const { currency, amount } of amounts) {
    const converted = convertTotal(amount, currency, rates);
    reporting = converted === undefined || reporting === null ? null : reporting + converted;
  }
  return { by_currency: amounts.map(({ currency, amount }) => ({ currency, amount })), reporting: { currency: rates.reportingCurrency, amount: reporting } };
}
