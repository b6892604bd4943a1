// The charts' text alternatives: a table per chart with the same numbers, redrawn with it. In the movements
// table, the month and each non-zero amount are buttons that list the customers behind them.
import { button, row } from './dom.js';
import { count, money, signedMoney } from './format.js';

export function fillMrrTable(body, labels, points) {
  body.replaceChildren(...points.map((p, i) => row(labels[i], [money(p.mrr), count(p.customers)])));
}

/** `open(period, type, label)`: shows the customers behind a month (`type` undefined: all its movements). */
export function fillMovementsTable(body, labels, points, keys, open) {
  body.replaceChildren(
    ...points.map((p, i) => {
      const month = p.period.slice(0, 7);
      const amounts = keys.map((k) => (p[k] === 0 ? signedMoney(0) : button(signedMoney(p[k]), () => open(month, k, labels[i]), `${k} in ${labels[i]}: ${signedMoney(p[k])}`)));
      return row(button(labels[i], () => open(month, undefined, labels[i]), `All movements in ${labels[i]}`), [...amounts, signedMoney(p.net)]);
    }),
  );
}
