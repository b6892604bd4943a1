// Each headline card's change over the last DAYS days: sign, arrow and words, so colour is never needed.
import { getJson } from './api.js';
import { signedCount, signedMoney } from './format.js';
import { throttled } from './throttle.js';

const DAYS = 30;
const FIELDS = { mrr: signedMoney, arr: signedMoney, customers: signedCount, total_revenue: signedMoney };
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** "▲ +$1,234.00 (+2.1%) in 30 days"; no percentage from zero. */
export function changeWords({ then, change }, format, days) {
  if (change === 0) return `= no change in ${days} days`;
  const arrow = change > 0 ? '▲' : '▼';
  const share = then > 0 ? ` (${percent.format(change / then).replace('-', '−')})` : '';
  return `${arrow} ${format(change)}${share} in ${days} days`;
}

async function refresh() {
  try {
    const body = await getJson(`/api/metrics/changes?days=${DAYS}`);
    for (const [field, format] of Object.entries(FIELDS)) {
      const el = document.getElementById(`change-${field.replace('_', '-')}`);
      el.textContent = changeWords(body[field], format, body.days);
      el.dataset.direction = Math.sign(body[field].change);
    }
  } catch {
    // The figures themselves still show; the next change asks again.
  }
}

/** Asked on every change of the figures; reads at most every 5 s. */
export const scheduleChanges = throttled(refresh, 5000);
