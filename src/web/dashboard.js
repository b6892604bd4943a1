// The live dashboard: figures from the server's event stream, history from the metrics API. No build step;
// chart.js arrives as a classic script (its UMD build) before this module runs.
const { Chart } = globalThis;
const $ = (id) => document.getElementById(id);
const STREAM = '/api/stream';
const CHART_REFRESH_MS = 5000;
const NOT_CONFIGURED = 'Stripe is not configured: set STRIPE_SECRET_KEY to see your account.';

let currency = 'usd';

function money(value, code = currency, options = {}) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: code.toUpperCase(), ...options }).format(value);
  } catch {
    return `${value} ${code.toUpperCase()}`; // a code Intl doesn't know
  }
}
const count = (value) => new Intl.NumberFormat().format(value);
const CARDS = { mrr: money, arr: money, customers: count, total_revenue: money, customers_total: count, scheduled_churn_mrr: money };

function show(el, text) {
  el.hidden = !text;
  el.textContent = text ?? '';
}

function setFigure(el, text) {
  if (el.textContent === text) return;
  const first = el.textContent === '—';
  el.textContent = text;
  if (first) return;
  el.classList.remove('changed');
  void el.offsetWidth; // restart the highlight
  el.classList.add('changed');
}

function renderStatus(r) {
  // The API's message is a sentence; the banner shows it without the full stop.
  const message = r.source === 'demo' ? r.message : r.source === 'none' ? (r.message ?? NOT_CONFIGURED) : undefined;
  show($('source-banner'), message?.replace(/\.$/, ''));
  show($('stale-warning'), r.stale ? `Figures may be out of date: ${r.last_error ?? 'no reason given'}. Showing the last good figures.` : undefined);
  show($('backlog-note'), r.pending_events > 0 ? `Catching up: ${r.pending_events.toLocaleString()} Stripe event${r.pending_events === 1 ? '' : 's'} waiting to be applied (oldest ${r.oldest_pending_age_seconds ?? 0} s ago).` : undefined);
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

function renderCurrencies(r) {
  const codes = [...new Set([...Object.keys(r.mrr_by_currency), ...Object.keys(r.total_revenue_by_currency)])].sort();
  const unconverted = new Set(r.unconverted_currencies);
  const rows = codes.map((code) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = code.toUpperCase();
    const status = code === r.currency ? ['Reporting currency'] : unconverted.has(code) ? ['Not converted (no rate)', 'unconverted'] : ['Converted'];
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
  const missing = [...unconverted].map((c) => c.toUpperCase()).join(', ');
  show($('unconverted-note'), missing ? `Left out of the headline figures: ${missing}. Set EXCHANGE_RATES to convert them.` : undefined);
}

function render(r) {
  currency = r.currency;
  $('currency').textContent = `(${r.currency.toUpperCase()})`;
  for (const [field, format] of Object.entries(CARDS)) setFigure(document.querySelector(`[data-field="${field}"]`), format(r[field]));
  renderStatus(r);
  renderCurrencies(r);
}

// ---- charts -------------------------------------------------------------------------------------------

const MOVEMENTS = [
  ['new', 'New', '#1a7f37'],
  ['expansion', 'Expansion', '#2da44e'],
  ['reactivation', 'Reactivation', '#0969da'],
  ['contraction', 'Contraction', '#d4a72c'],
  ['churn', 'Churn', '#cf222e'],
];
const charts = {};
const monthLabel = (date) => new Date(`${date.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const compact = (v) => money(v, currency, { notation: 'compact', maximumFractionDigits: 1 });

function chartOptions(stacked, legend) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { callback: compact } } },
    plugins: {
      legend: { display: legend, position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(c.parsed.y)}` } },
    },
  };
}

function draw(name, config) {
  if (charts[name]) {
    charts[name].data = config.data;
    charts[name].update();
  } else {
    charts[name] = new Chart($(`${name}-chart`), config);
  }
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

async function refreshCharts() {
  if (!Chart) return show($('chart-error'), 'Charts are unavailable: chart.js did not load.');
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  try {
    const [mrr, movements] = await Promise.all([
      getJson(`/api/metrics/mrr?interval=month&from=${from}`),
      getJson(`/api/metrics/movements?interval=month&from=${from}`),
    ]);
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim();
    Chart.defaults.color = css.getPropertyValue('--muted').trim();
    Chart.defaults.borderColor = css.getPropertyValue('--border').trim();
    draw('mrr', {
      type: 'line',
      data: {
        labels: mrr.points.map((p) => monthLabel(p.date)),
        datasets: [{ label: 'MRR', data: mrr.points.map((p) => p.mrr), borderColor: accent, backgroundColor: accent, tension: 0.25 }],
      },
      options: chartOptions(false, false),
    });
    draw('movements', {
      type: 'bar',
      data: {
        labels: movements.points.map((p) => monthLabel(p.period)),
        datasets: [
          ...MOVEMENTS.map(([key, label, color]) => ({ label, data: movements.points.map((p) => p[key]), backgroundColor: color })),
          { type: 'line', label: 'Net', data: movements.points.map((p) => p.net), borderColor: accent, backgroundColor: accent, stack: 'net' },
        ],
      },
      options: chartOptions(true, true),
    });
    show($('chart-error'), undefined);
  } catch (error) {
    show($('chart-error'), `History could not be loaded: ${error.message}`);
  }
}

// At most one refresh per CHART_REFRESH_MS however fast events come, one at a time, and always one after
// the last event.
let lastRefresh = 0;
let pending;
let drawing = Promise.resolve();
function scheduleCharts() {
  if (pending) return;
  const wait = Math.max(0, lastRefresh + CHART_REFRESH_MS - Date.now());
  pending = setTimeout(() => {
    pending = undefined;
    lastRefresh = Date.now();
    drawing = drawing.then(refreshCharts);
  }, wait);
}

// ---- the stream ---------------------------------------------------------------------------------------

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
});
