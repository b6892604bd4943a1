// The latest revenue events, newest first, from the stream's `activity` event; their ages move on each minute.
import { who } from './dom.js';
import { ago, money, signedMoney } from './format.js';

const list = document.getElementById('feed-items');
const KINDS = {
  new: 'New customer',
  expansion: 'Expansion',
  reactivation: 'Reactivation',
  contraction: 'Contraction',
  churn: 'Churn',
  payment: 'Payment',
  refund: 'Refund',
  payment_failed: 'Failed payment',
};
let items = [];

function amount(item) {
  // A failed payment brought nothing in: its amount is what was asked, without a sign.
  const format = item.kind === 'payment_failed' ? (v, code) => money(v, code) : signedMoney;
  return item.amount === null ? `${format(item.currency_amount, item.currency)} (no rate)` : format(item.amount);
}

function entry(item) {
  const li = document.createElement('li');
  li.dataset.kind = item.kind;
  const parts = [
    ['kind', KINDS[item.kind] ?? item.kind],
    ['who', who(item)],
    ['amount', amount(item)],
  ].map(([className, text]) => Object.assign(document.createElement('span'), { className, textContent: text }));
  const time = document.createElement('time');
  time.dateTime = item.at;
  time.textContent = ago(item.at);
  li.append(...parts, time);
  return li;
}

function draw() {
  list.replaceChildren(...items.map(entry));
  document.getElementById('feed-empty').hidden = items.length > 0;
}

export function renderFeed(body) {
  items = body.items;
  draw();
}

setInterval(() => items.length && draw(), 60_000);
