// A customer's MRR over the last 24 months: a small line chart and, as its text alternative, a table.
import { row, titledTable } from './dom.js';
import { money } from './format.js';

const $ = (id) => document.getElementById(id);
const monthLabel = (date) => new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
let chart;

export function drawCustomerHistory(points) {
  const labels = points.map((p) => monthLabel(p.date));
  $('customer-history').replaceChildren(...titledTable(undefined, ['Month', 'MRR'], points.map((p, i) => row(labels[i], [money(p.mrr)])), 'No history.'));
  const { Chart } = globalThis;
  if (!Chart) return;
  chart?.destroy();
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
  chart = new Chart($('customer-history-chart'), {
    type: 'line',
    data: { labels, datasets: [{ label: 'MRR', data: points.map((p) => p.mrr), borderColor: accent, backgroundColor: accent, tension: 0.25, pointRadius: 2 }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => money(v, undefined, { notation: 'compact', maximumFractionDigits: 1 }) } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => money(c.parsed.y) } } },
    },
  });
}
