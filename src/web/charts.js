// The MRR and movements charts: the range control, CSV links for what is shown, the tables beside them,
// and colours read from the page's theme (redrawn when the system switches between light and dark).
import { fillMovementsTable, fillMrrTable } from './chart-tables.js';
import { loadSeries, RANGES, savedRange, saveRange, seriesPath } from './chart-data.js';
import { openDrillDown } from './drill-down.js';
import { money, show, signedMoney } from './format.js';

const { Chart } = globalThis;
const $ = (id) => document.getElementById(id);
const REFRESH_MS = 5000;
// Each type has its own fill pattern and its sign in the legend, so none is told by colour alone.
const MOVEMENTS = [
  ['new', 'New (+)', 'solid'],
  ['expansion', 'Expansion (+)', 'rising'],
  ['reactivation', 'Reactivation (+)', 'dots'],
  ['contraction', 'Contraction (−)', 'falling'],
  ['churn', 'Churn (−)', 'cross'],
];
const charts = {};
let range = savedRange();
let shown;

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const monthLabel = (date) => new Date(`${date.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const compact = (v) => money(v, undefined, { notation: 'compact', maximumFractionDigits: 1 });

function pattern(color, kind) {
  if (kind === 'solid') return color;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d');
  g.fillStyle = color;
  g.globalAlpha = 0.45;
  g.fillRect(0, 0, 8, 8);
  g.globalAlpha = 1;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  if (kind === 'dots') {
    g.arc(4, 4, 2, 0, 2 * Math.PI);
    g.fill();
  }
  if (kind === 'rising' || kind === 'cross') {
    g.moveTo(0, 8);
    g.lineTo(8, 0);
  }
  if (kind === 'falling' || kind === 'cross') {
    g.moveTo(0, 0);
    g.lineTo(8, 8);
  }
  g.stroke();
  return g.createPattern(tile, 'repeat');
}

function options(stacked, legend, label) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { callback: compact } } },
    plugins: {
      legend: { display: legend, position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${label(c.parsed.y)}` } },
    },
  };
}

/** A click on a bar lists the customers behind it; elsewhere in a month's column, behind all of its bars. */
function pickMovements(event, _hits, chart) {
  const [bar] = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, true);
  const [column] = bar ? [bar] : chart.getElementsAtEventForMode(event, 'index', { intersect: false }, true);
  if (!column) return;
  const month = shown.movements[column.index].period.slice(0, 7);
  void openDrillDown(month, bar ? MOVEMENTS[bar.datasetIndex]?.[0] : undefined, chart.data.labels[column.index]);
}

function draw(name, config) {
  charts[name]?.destroy();
  charts[name] = new Chart($(`${name}-chart`), config);
}

function drawAll({ mrr, movements }) {
  const accent = css('--accent');
  Chart.defaults.color = css('--muted');
  Chart.defaults.borderColor = css('--border');
  const mrrLabels = mrr.map((p) => monthLabel(p.date));
  draw('mrr', {
    type: 'line',
    data: { labels: mrrLabels, datasets: [{ label: 'MRR', data: mrr.map((p) => p.mrr), borderColor: accent, backgroundColor: accent, tension: 0.25 }] },
    options: options(false, false, money),
  });
  const moveLabels = movements.map((p) => monthLabel(p.period));
  draw('movements', {
    type: 'bar',
    data: {
      labels: moveLabels,
      datasets: [
        ...MOVEMENTS.map(([key, label, kind]) => {
          const color = css(`--move-${key}`);
          return { label, data: movements.map((p) => p[key]), backgroundColor: pattern(color, kind), borderColor: color, borderWidth: 1 };
        }),
        { type: 'line', label: 'Net', data: movements.map((p) => p.net), borderColor: accent, backgroundColor: accent, stack: 'net' },
      ],
    },
    options: { ...options(true, true, signedMoney), onClick: pickMovements, onHover: (e, hits, chart) => (chart.canvas.style.cursor = hits.length ? 'pointer' : '') },
  });
  fillMrrTable($('mrr-table-rows'), mrrLabels, mrr);
  fillMovementsTable($('movements-table-rows'), moveLabels, movements, MOVEMENTS.map(([key]) => key), openDrillDown);
}

async function refresh() {
  if (!Chart) return show($('chart-error'), 'Charts are unavailable: chart.js did not load.');
  const asked = range;
  try {
    const series = await loadSeries(asked);
    if (asked !== range) return; // the choice changed meanwhile; its own refresh draws it
    shown = series;
    $('history-title').textContent = RANGES[asked];
    $('mrr-csv').href = `${seriesPath('mrr', series.from)}&format=csv`;
    $('movements-csv').href = `${seriesPath('movements', series.from)}&format=csv`;
    drawAll(series);
    document.body.dataset.chartRange = asked;
    show($('chart-error'), undefined);
  } catch (error) {
    show($('chart-error'), `History could not be loaded: ${error.message}`);
  }
}

// At most one refresh per REFRESH_MS however fast events come, one at a time, and always one after the last.
let lastRefresh = 0;
let pending;
let drawing = Promise.resolve();
export function scheduleCharts(now = false) {
  if (pending && !now) return;
  clearTimeout(pending);
  const wait = now ? 0 : Math.max(0, lastRefresh + REFRESH_MS - Date.now());
  pending = setTimeout(() => {
    pending = undefined;
    lastRefresh = Date.now();
    drawing = drawing.then(refresh);
  }, wait);
}

for (const input of document.querySelectorAll('input[name="range"]')) {
  input.checked = input.value === range;
  input.addEventListener('change', () => {
    range = input.value;
    saveRange(range);
    scheduleCharts(true);
  });
}
$('history-title').textContent = RANGES[range];
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => Chart && shown && drawAll(shown));
