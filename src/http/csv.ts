/** A CSV cell: text (from customers or us), a number, or empty. */
export type CsvValue = string | number | null;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
// Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field of RFC 4180 CSV. Text that a spreadsheet would take for a formula gets a leading
 * apostrophe; plain decimal numbers (amounts, which may be negative) are left as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && !PLAIN_NUMBER.test(text) && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header row and one row per record, lines ended with CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
