// Number, money and time wording shared by the page's parts, in the reader's locale.
let reportingCurrency = 'usd';
export const setReportingCurrency = (code) => (reportingCurrency = code);

export function money(value, code = reportingCurrency, options = {}) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: code.toUpperCase(), ...options }).format(value);
  } catch {
    return `${value} ${code.toUpperCase()}`; // a code Intl doesn't know
  }
}

/** A change with its sign written out (+ or −), so that its direction never rests on colour. */
export const signedMoney = (value, code) => (value > 0 ? `+${money(value, code)}` : value < 0 ? `−${money(-value, code)}` : money(0, code));
export const signedCount = (value) => (value > 0 ? `+${count(value)}` : value < 0 ? `−${count(-value)}` : count(0));
export const day = (iso) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
export const count = (value) => new Intl.NumberFormat().format(value);

/** A time of day, with the date when it is not today. */
export function clock(iso) {
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  return today
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const UNITS = [['day', 86_400], ['hour', 3_600], ['minute', 60]];
/** "3 minutes ago", "yesterday"; under a minute, "just now". */
export function ago(iso, now = Date.now()) {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const words = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) if (seconds >= size) return words.format(-Math.floor(seconds / size), unit);
  return 'just now';
}

export function show(el, text) {
  el.hidden = !text;
  el.textContent = text ?? '';
}
