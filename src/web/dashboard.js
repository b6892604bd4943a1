// The live dashboard: figures from the server's event stream, history from the metrics API. No build step;
// chart.js arrives as a classic script (its UMD build) before this module runs.
import { scheduleChanges } from './changes.js';
import { scheduleCharts } from './charts.js';
import { scheduleCustomers } from './customers.js';
import { count, money, setReportingCurrency, show } from './format.js';
import { addAlert, loadAlerts } from './alerts-list.js';
import { loadDeadAlerts } from './dead-alerts.js';
import { renderFeed } from './live-feed.js';
import { offerSignOut } from './session.js';
import { renderStatusStrip } from './status-strip.js';

const $ = (id) => document.getElementById(id);
const STREAM = '/api/stream';
const NOT_CONFIGURED = 'Stripe is not configured: set STRIPE_SECRET_KEY to see your account.';
const CARDS = { mrr: money, arr: money, customers: count, total_revenue: money, customers_total: count, scheduled_churn_mrr: money };

function setFigure(el, text) {
  if (el.textContent === text) return;
  const first = el.textContent === '—';
  el.textContent = text;
  if (first) return;
  el.classList.remove('changed');
  void el.offsetWidth; // restart the highlight
  el.classList.add('changed');
}

function renderNotes(r) {
  // The API's message is a sentence; the banner shows it without the full stop.
  const message = r.source === 'demo' ? r.message : r.source === 'none' ? (r.message ?? NOT_CONFIGURED) : undefined;
  show($('source-banner'), message?.replace(/\.$/, ''));
  show($('unpriced-note'), r.unpriced_subscriptions > 0 ? `Left out of MRR: ${r.unpriced_subscriptions} subscription(s) whose price can't be read (see the log).` : undefined);
  const asOf = $('as-of');
  asOf.dateTime = r.as_of ?? '';
  asOf.textContent = r.as_of ? new Date(r.as_of).toLocaleString() : 'not synced yet';
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** "Converted at 1 EUR = 1.08 USD, 1 GBP = 1.27 USD (demo rates)": the rates the headline used. */
function ratesWords(r) {
  const rates = Object.entries(r.exchange_rates ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (rates.length === 0) return undefined;
  const to = r.currency.toUpperCase();
  return `Converted at ${rates.map(([code, rate]) => `1 ${code.toUpperCase()} = ${rate} ${to}`).join(', ')}${r.source === 'demo' ? ' (demo rates)' : ''}`;
}

function renderCurrencies(r) {
  const codes = [...new Set([...Object.keys(r.mrr_by_currency), ...Object.keys(r.total_revenue_by_currency)])].sort();
  const unconverted = new Set(r.unconverted_currencies);
  const rows = codes.map((code) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = code.toUpperCase();
    const status = code === r.currency ? ['Reporting currency'] : unconverted.has(code) ? ['⚠ Not converted (no rate)', 'unconverted'] : [r.exchange_rates?.[code] ? `Converted at ${r.exchange_rates[code]}` : 'Converted'];
    tr.append(th, cell(money(r.mrr_by_currency[code] ?? 0, code), 'amount'), cell(money(r.total_revenue_by_currency[code] ?? 0, code), 'amount'), cell(...status));
    return tr;
  });
  if (rows.length === 0) {
    const empty = cell('No revenue yet', 'muted');
    empty.colSpan = 4;
    rows.push(document.createElement('tr'));
    rows[0].append(empty);
  }
  $('currency-rows').replaceChildren(...rows);
  show($('rates-note'), ratesWords(r));
  const missing = [...unconverted].map((c) => c.toUpperCase()).join(', ');
  show($('unconverted-note'), missing ? `Left out of the headline figures: ${missing}. Set EXCHANGE_RATES to convert them.` : undefined);
}

function render(r) {
  setReportingCurrency(r.currency);
  $('currency').textContent = `(${r.currency.toUpperCase()})`;
  for (const [field, format] of Object.entries(CARDS)) setFigure(document.querySelector(`[data-field="${field}"]`), format(r[field]));
  renderStatusStrip(r);
  renderNotes(r);
  renderCurrencies(r);
}

function setConnection(state, text) {
  const el = $('connection');
  el.dataset.state = state;
  el.textContent = text;
}

const stream = new EventSource(STREAM);
stream.addEventListener('open', () => setConnection('live', 'Live'));
stream.addEventListener('error', () =>
  stream.readyState === EventSource.CLOSED ? setConnection('lost', 'Disconnected: reload the page') : setConnection('connecting', 'Reconnecting…'),
);
stream.addEventListener('revenue', (event) => {
  render(JSON.parse(event.data));
  scheduleCharts();
  scheduleChanges();
  scheduleCustomers();
});
stream.addEventListener('activity', (event) => renderFeed(JSON.parse(event.data)));
stream.addEventListener('alert', (event) => addAlert(JSON.parse(event.data)));
// Read after the stream opens, so that no alert falls between the read and the stream.
stream.addEventListener('open', () => void loadAlerts().catch(() => undefined));
stream.addEventListener('open', () => void loadDeadAlerts().catch(() => undefined));
// A delivery is given up on hours after its alert: looked for now and then, not only when the stream opens.
setInterval(() => void loadDeadAlerts().catch(() => undefined), 30_000);
void offerSignOut(() => stream.close());
