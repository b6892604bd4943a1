// Alerts that could not be delivered (GET /api/alerts/dead), each with a button that sends it again, and
// channels a receiver disabled (410). Hidden while there are none; its section is built here (index.html stays under 8 KB).
import { getJson } from './api.js';
import { button, element } from './dom.js';

const list = Object.assign(element('ul', undefined, 'feed'), { id: 'dead-alert-items' });
const note = Object.assign(element('p', undefined, 'warning'), { id: 'dead-alerts-note' });
const section = Object.assign(element('section'), { id: 'dead-alerts', hidden: true });
section.setAttribute('aria-labelledby', 'dead-alerts-title');
section.append(Object.assign(element('h2', 'Alerts not delivered'), { id: 'dead-alerts-title' }), note, list);
document.getElementById('alerts-title').parentElement.after(section);
/** What the last "Send again" came to. */
let said = '';

async function sendAgain(alert) {
  const path = `/api/alerts/dead/${encodeURIComponent(alert.id)}/retry?channel=${encodeURIComponent(alert.channel)}`;
  const answer = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{}' });
  said = answer.ok ? `${alert.id} is queued again for ${alert.channel}.` : `Sending ${alert.id} again failed: ${answer.status}.`;
  await loadDeadAlerts();
}

function entry(alert) {
  const li = element('li');
  li.append(
    element('span', `${alert.type} to ${alert.channel}`, 'kind'),
    element('span', `${alert.reason ?? 'no reason given'} (${alert.attempts} attempts)`, 'who'),
    button('Send again', () => void sendAgain(alert), `Send alert ${alert.id} to ${alert.channel} again`),
  );
  return li;
}

export async function loadDeadAlerts() {
  const { channels, alerts } = await getJson('/api/alerts/dead?limit=20');
  const disabled = channels.filter((c) => c.disabled).map((c) => `${c.name} is disabled: ${c.reason}`);
  list.replaceChildren(...alerts.map(entry));
  note.textContent = [...disabled, said].filter(Boolean).join(' ');
  section.hidden = alerts.length === 0 && !note.textContent;
}
