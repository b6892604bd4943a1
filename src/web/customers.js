// Customers by MRR: a search (debounced), pages of PAGE, and a click on one opens their detail.
import { getJson } from './api.js';
import { showCustomer } from './customer-detail.js';
import { button, row, who } from './dom.js';
import { count, money, show } from './format.js';
import { throttled } from './throttle.js';

const $ = (id) => document.getElementById(id);
const PAGE = 10;
const SEARCH_DELAY_MS = 300;
let search = '';
let offset = 0;
let asked = 0;
let typing;

async function load() {
  const ticket = ++asked;
  const query = new URLSearchParams({ search, limit: String(PAGE), offset: String(offset) });
  try {
    const body = await getJson(`/api/customers?${query}`);
    if (ticket !== asked) return; // a newer search or page is on its way
    const { customers, total } = body;
    $('customer-rows').replaceChildren(
      ...customers.map((c) =>
        row(button(who(c), () => showCustomer(c.id)), [c.email && c.email !== who(c) ? c.email : '', money(c.mrr), count(c.subscriptions)]),
      ),
    );
    $('customers-range').textContent = total === 0 ? '0 of 0' : `${count(offset + 1)}–${count(offset + customers.length)} of ${count(total)}`;
    $('customers-prev').disabled = offset === 0;
    $('customers-next').disabled = offset + customers.length >= total;
    show($('customers-status'), total === 0 ? (search ? `No customer matches “${search}”.` : 'No customers yet.') : undefined);
  } catch (error) {
    if (ticket === asked) show($('customers-status'), `Customers could not be loaded: ${error.message}`);
  }
}

/** Reloads the page of customers shown, at most every 5 s, as MRR changes their order. */
export const scheduleCustomers = throttled(load, 5000);

$('customers-search').addEventListener('input', (event) => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    search = event.target.value.trim();
    offset = 0;
    void load();
  }, SEARCH_DELAY_MS);
});
$('customers-prev').addEventListener('click', () => {
  offset = Math.max(0, offset - PAGE);
  void load();
});
$('customers-next').addEventListener('click', () => {
  offset += PAGE;
  void load();
});
