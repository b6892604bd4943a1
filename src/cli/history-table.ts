import Table from 'cli-table3';
import { currencyDecimals, toMajorUnits } from '../metrics/index.ts';
import { formatDate, movementsSeries, mrrSeries } from '../metrics/history/index.ts';
import type { RevenueService } from '../service/revenue-service.ts';

const MONTHS = 12;

/** The last twelve months, one row each: MRR and paying customers at month end, then how MRR moved. */
export async function historyTable(service: RevenueService): Promise<string> {
  const { ledger, now } = service.history();
  const today = new Date(now * 1000);
  const from = formatDate(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (MONTHS - 1), 1) / 1000);
  const range = { from, to: formatDate(now), interval: 'month' as const };
  const currency = service.rates.reportingCurrency;
  const money = (minor: number) => toMajorUnits(minor, currency).toFixed(currencyDecimals(currency));
  const points = mrrSeries(ledger, service.rates, range);
  const movements = movementsSeries(ledger, service.rates, range);
  const table = new Table({
    head: ['month', `MRR (${currency.toUpperCase()})`, 'customers', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'net'],
  });
  points.forEach((point, i) => {
    const m = movements[i]!;
    table.push([m.period, money(point.mrr), String(point.customers), ...[m.new, m.expansion, m.contraction, m.churn, m.reactivation, m.net].map(money)]);
  });
  return table.toString();
}
