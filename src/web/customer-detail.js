// One customer: MRR, subscriptions, movements and MRR history, opened from the customers list or a drill-down.
import { getJson } from './api.js';
import { drawCustomerHistory } from './customer-history.js';
import { row, titledTable, who } from './dom.js';
import { day, money, show, signedMoney } from './format.js';

const $ = (id) => document.getElementById(id);
const MOVEMENTS = { new: 'New', expansion: 'Expansion', reactivation: 'Reactivation', contraction: 'Contraction', churn: 'Churn' };
let asked;

function mrrWords(c) {
  const parts = Object.entries(c.mrr_by_currency).map(([code, value]) => money(value, code));
  const own = parts.length === 1 && Object.keys(c.mrr_by_currency)[0] === c.currency;
  return parts.length === 0 || own ? `MRR ${money(c.mrr)}` : `MRR ${money(c.mrr)} (${parts.join(' + ')})`;
}

const inCurrency = (m) => (m.currency === undefined ? '' : ` (${signedMoney(m.amount_in_currency, m.currency)})`);

function render(c) {
  $('customer-title').textContent = who(c);
  $('customer-summary').textContent = [c.email && c.email !== who(c) ? c.email : undefined, mrrWords(c), `customer since ${day(c.created)}`]
    .filter(Boolean)
    .join(' · ');
  const subscriptions = c.subscriptions.map((s) =>
    row(s.plan ?? s.id, [s.status, money(s.mrr, s.currency), s.started_at ? day(s.started_at) : '—', s.cancel_at_period_end ? 'Yes' : 'No']),
  );
  const movements = c.movements.map((m) => row(day(m.at), [MOVEMENTS[m.type] ?? m.type, `${signedMoney(m.amount)}${m.currency === c.currency ? '' : inCurrency(m)}`]));
  $('customer-tables').replaceChildren(
    ...titledTable('Subscriptions', ['Plan', 'Status', 'MRR', 'Started', 'Cancels at period end'], subscriptions, 'No subscriptions.'),
    ...titledTable('MRR movements', ['Date', 'Type', 'Amount'], movements, 'No MRR movements.'),
  );
  drawCustomerHistory(c.mrr_history);
}

export async function showCustomer(id) {
  const key = (asked = id);
  const panel = $('customer-detail');
  panel.hidden = false;
  show($('customer-status'), 'Loading…');
  panel.scrollIntoView?.({ block: 'start' });
  $('customer-title').focus();
  try {
    const body = await getJson(`/api/customers/${encodeURIComponent(id)}`);
    if (key !== asked) return;
    render(body);
    panel.dataset.customer = id;
    show($('customer-status'), undefined);
  } catch (error) {
    if (key === asked) show($('customer-status'), `The customer could not be loaded: ${error.message}`);
  }
}

$('customer-close').addEventListener('click', () => {
  asked = undefined;
  $('customer-detail').hidden = true;
  delete $('customer-detail').dataset.customer;
});
