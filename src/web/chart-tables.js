// The charts' text alternatives: a table per chart with the same numbers, redrawn with it.
import { count, money, signedMoney } from './format.js';

function row(header, cells) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = header;
  tr.append(th);
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

export function fillMrrTable(body, labels, points) {
  body.replaceChildren(...points.map((p, i) => row(labels[i], [money(p.mrr), count(p.customers)])));
}

export function fillMovementsTable(body, labels, points, keys) {
  body.replaceChildren(...points.map((p, i) => row(labels[i], [...keys.map((k) => signedMoney(p[k])), signedMoney(p.net)])));
}
