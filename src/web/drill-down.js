// The customers behind one bar of the movements chart (or all of a month's bars), opened from the chart or
// from its table; each customer opens their detail.
import { getJson } from './api.js';
import { showCustomer } from './customer-detail.js';
import { button, element, row, who } from './dom.js';
import { count, show, signedMoney } from './format.js';

const $ = (id) => document.getElementById(id);
export const MOVEMENT_NAMES = { new: 'New', expansion: 'Expansion', reactivation: 'Reactivation', contraction: 'Contraction', churn: 'Churn' };
const path = (period, type) => `/api/metrics/movements/customers?period=${period}${type ? `&type=${type}` : ''}`;
let asked;
let returnTo;

/** `period`: YYYY-MM; `type`: a movement type, or undefined for all of them; `label`: the month in words. */
export async function openDrillDown(period, type, label) {
  const key = (asked = `${period} ${type}`);
  if ($('drill-down').hidden) returnTo = document.activeElement;
  $('drill-down').hidden = false;
  $('drill-title').textContent = `${type ? MOVEMENT_NAMES[type] : 'All movements'} in ${label}`;
  const csv = $('drill-csv');
  csv.href = `${path(period, type)}&format=csv`;
  csv.download = `movements-${period}${type ? `-${type}` : ''}.csv`;
  const all = $('drill-all');
  all.hidden = !type;
  all.onclick = () => openDrillDown(period, undefined, label);
  $('drill-rows').replaceChildren();
  $('drill-total').textContent = '';
  show($('drill-status'), 'Loading…');
  $('drill-title').focus();
  try {
    const body = await getJson(path(period, type));
    if (key !== asked) return; // another bar was chosen meanwhile
    const n = body.movements.length;
    $('drill-total').textContent = `Total ${signedMoney(body.total)} from ${count(n)} movement${n === 1 ? '' : 's'}`;
    $('drill-rows').replaceChildren(
      ...body.movements.map((m) =>
        row(button(who(m), () => showCustomer(m.customer_id), `Show ${who(m)}`), [MOVEMENT_NAMES[m.type] ?? m.type, element('span', signedMoney(m.amount), 'amount')]),
      ),
    );
    show($('drill-status'), n === 0 ? 'No customer is behind this bar.' : undefined);
  } catch (error) {
    if (key === asked) show($('drill-status'), `The customers could not be loaded: ${error.message}`);
  }
}

function close() {
  asked = undefined;
  $('drill-down').hidden = true;
  returnTo?.focus?.();
}
$('drill-close').addEventListener('click', close);
$('drill-down').addEventListener('keydown', (event) => event.key === 'Escape' && close());
