import type { MoneyJson } from './alert-body.ts';

/** Written the same wherever the service runs: messages are read by people in many places, and snapshot-tested. */
const LOCALE = 'en-US';

/**
 * Integer minor units as money, in major units with the currency ("$25.00", "¥2,500"): the currency's own
 * number of decimals divides them only here, at the last step. `signed` writes + or − before a change.
 */
export function formatMinor(amount: number, currency: string, signed = false): string {
  const code = currency.toUpperCase();
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code, signDisplay: signed ? 'exceptZero' : 'auto' });
  } catch {
    return `${signed && amount > 0 ? '+' : ''}${amount} ${code} (minor units)`; // a code Intl doesn't know
  }
  return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits!);
}

/** An alert's amount: in its one currency, or in each and their total in the reporting currency. */
export function formatMoney(money: MoneyJson, signed = false): string {
  const { by_currency: parts, reporting } = money;
  const total = reporting.amount === null ? 'no exchange rate for a total' : `${formatMinor(reporting.amount, reporting.currency, signed)} in all`;
  if (parts.length === 0) return formatMinor(reporting.amount ?? 0, reporting.currency, signed);
  if (parts.length === 1 && parts[0]!.currency === reporting.currency) return formatMinor(parts[0]!.amount, parts[0]!.currency, signed);
  return `${parts.map((p) => formatMinor(p.amount, p.currency, signed)).join(', ')} (${total})`;
}
