// Which months the charts show: the range control's choice (kept in localStorage), the API paths for it,
// and the chosen months cut from "all" history, which starts at the first month with data.
import { getJson } from './api.js';

const STORAGE_KEY = 'revenue-agent.chart-range';
export const RANGES = { 3: 'Last 3 months', 12: 'Last 12 months', 24: 'Last 24 months', all: 'All history' };
/** The month interval allows far more months than this; history before it does not exist. */
const ALL_FROM = '1970-01-01';

export function savedRange() {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved in RANGES ? saved : '12';
}
export const saveRange = (range) => localStorage.setItem(STORAGE_KEY, range);

function firstDay(range) {
  if (range === 'all') return ALL_FROM;
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (Number(range) - 1), 1)).toISOString().slice(0, 10);
}

export const seriesPath = (name, from) => `/api/metrics/${name}?interval=month&from=${from}`;

const MOVES = ['new', 'expansion', 'reactivation', 'contraction', 'churn'];
const hasData = (m, v) => m.mrr !== 0 || m.customers !== 0 || MOVES.some((k) => v?.[k]);

/** Both series for the range; `from`: the first day they cover, which the CSV links ask for too. */
export async function loadSeries(range) {
  const from = firstDay(range);
  const [mrr, movements] = await Promise.all([getJson(seriesPath('mrr', from)), getJson(seriesPath('movements', from))]);
  if (range !== 'all') return { from, mrr: mrr.points, movements: movements.points };
  const first = Math.max(0, mrr.points.findIndex((p, i) => hasData(p, movements.points[i])));
  const start = mrr.points[first]?.date.slice(0, 7) ?? from.slice(0, 7);
  return {
    from: `${start}-01`,
    mrr: mrr.points.slice(first),
    movements: movements.points.filter((p) => p.period.slice(0, 7) >= start),
  };
}
