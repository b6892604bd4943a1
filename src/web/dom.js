// Small builders for the page's tables and lists: text only (textContent), never HTML from the API.
export function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

export function button(text, onClick, label) {
  const b = element('button', text, 'link');
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** A table row: a header cell, then data cells; each given as text or a node. */
export function row(header, cells) {
  const th = element('th');
  th.scope = 'row';
  th.append(header);
  const tr = element('tr');
  tr.append(th);
  for (const content of cells) {
    const td = element('td');
    td.append(content);
    tr.append(td);
  }
  return tr;
}

/** A scrolling table under a heading (if `title`): `headers` as column titles, `rows` as built by row(); `empty` said when none. */
export function titledTable(title, headers, rows, empty) {
  const head = element('tr');
  head.append(...headers.map((h) => Object.assign(element('th', h), { scope: 'col' })));
  const table = element('table', undefined, 'data list');
  table.append(element('thead'), element('tbody'));
  table.tHead.append(head);
  table.tBodies[0].append(...rows);
  const wrap = element('div', undefined, 'table-wrap');
  wrap.append(table);
  const heading = title ? [element('h4', title)] : [];
  return [...heading, rows.length > 0 ? wrap : element('p', empty, 'muted')];
}

/** Who a customer is, for a person: the name, else the e-mail, else the id. */
export const who = (c) => c.name || c.email || c.customer_id || c.id || 'Unknown customer';
