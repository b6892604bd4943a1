// The newest alerts, newest first: read once from GET /api/alerts/feed, then each one the stream's `alert` event brings.
// Its small section is built here, under the latest activity (index.html stays under its 8 KB).
import { getJson } from './api.js';
import { element, who } from './dom.js';
import { ago } from './format.js';

const SHOWN = 8;
const list = Object.assign(element('ol', undefined, 'feed'), { id: 'alert-items' });
list.setAttribute('aria-live', 'polite');
const empty = Object.assign(element('p', 'No alert yet.', 'muted'), { id: 'alerts-empty' });
const section = element('section');
section.setAttribute('aria-labelledby', 'alerts-title');
section.append(Object.assign(element('h2', 'Alerts'), { id: 'alerts-title' }), list, empty);
document.getElementById('feed-title').parentElement.after(section);
const TITLES = {
  new: 'New customer',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
  test: 'Test alert',
  payment_failed: 'Payment failed',
  payment_recovered: 'Payment recovered',
  refund: 'Refund',
  dispute: 'Dispute',
  trial_ending: 'Trial ending',
  scheduled_cancellation: 'Set to cancel',
  mrr_threshold: 'MRR threshold',
  mrr_week_on_week: 'MRR week on week',
  digest: 'Digest',
  group: 'Alerts',
};
/** About the whole account, not one customer. */
const ACCOUNT = new Set(['mrr_threshold', 'mrr_week_on_week', 'digest', 'group']);
let alerts = [];

/** Integer minor units in major ones, with the currency, divided only here; a change gets its sign. */
function minor(amount, code, signed) {
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: code.toUpperCase(), signDisplay: signed ? 'exceptZero' : 'auto' });
    return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits);
  } catch {
    return `${amount} ${code.toUpperCase()} (minor units)`;
  }
}

/** An amount per currency with its total in the reporting currency, as alerts give money. */
function money({ reporting, by_currency: parts }, signed) {
  return reporting.amount !== null ? minor(reporting.amount, reporting.currency, signed) : parts.map((p) => minor(p.amount, p.currency, signed)).join(', ');
}

function amount(body) {
  switch (body.type) {
    case 'trial_ending':
      return `ends ${new Date(body.trial_end).toLocaleDateString()}`;
    case 'scheduled_cancellation':
      return body.mrr === null ? 'MRR unknown' : `${money(body.mrr)} MRR at risk`;
    case 'mrr_threshold':
      return `${body.direction === 'up' ? 'reached' : 'fell below'} ${minor(body.threshold.amount, body.threshold.currency)}`;
    case 'mrr_week_on_week':
      return `${body.change_pct.startsWith('-') ? '' : '+'}${body.change_pct}% in a week`;
    case 'digest':
      return `${minor(body.change, body.currency, true)} MRR`;
    case 'group':
      return `${body.alerts.length} at once`;
    default:
      return 'mrr_change' in body ? `${money(body.mrr_change, true)} MRR` : money(body.amount);
  }
}

function entry({ body }) {
  const li = document.createElement('li');
  li.dataset.kind = body.type;
  const parts = [
    ['kind', TITLES[body.type] ?? body.type],
    ['who', body.customer ? who(body.customer) : ACCOUNT.has(body.type) ? 'Your account' : 'No customer'],
    ['amount', amount(body)],
  ].map(([className, text]) => Object.assign(document.createElement('span'), { className, textContent: text }));
  const time = document.createElement('time');
  time.dateTime = body.occurred_at;
  time.textContent = ago(body.occurred_at);
  li.append(...parts, time);
  return li;
}

function draw() {
  list.replaceChildren(...alerts.map(entry));
  empty.hidden = alerts.length > 0;
}

/** One alert just delivered to the feed: on top, once. */
export function addAlert(alert) {
  alerts = [alert, ...alerts.filter((a) => a.id !== alert.id)].slice(0, SHOWN);
  draw();
}

export async function loadAlerts() {
  const { alerts: newest } = await getJson(`/api/alerts/feed?limit=${SHOWN}`);
  const seen = new Set(alerts.map((a) => a.id));
  alerts = [...alerts, ...newest.filter((a) => !seen.has(a.id))].slice(0, SHOWN);
  draw();
}

setInterval(() => alerts.length && draw(), 60_000);
