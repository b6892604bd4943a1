import Table from 'cli-table3';
import { z } from 'zod';
import { currencyDecimals, toMajorUnits } from '../metrics/index.ts';
import { formatDate, movementsSeries, mrrSeries } from '../metrics/history/index.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import type { RunningService } from './running-service.ts';

const MONTHS = 12;

/** One month: MRR and paying customers at its end, then how MRR moved; amounts in major units. */
interface HistoryMonth {
  period: string;
  mrr: number;
  customers: number;
  movements: [newMrr: number, expansion: number, contraction: number, churn: number, reactivation: number, net: number];
}

/** The last twelve months up to today. */
function lastTwelveMonths(nowSeconds: number) {
  const today = new Date(nowSeconds * 1000);
  const from = formatDate(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (MONTHS - 1), 1) / 1000);
  return { from, to: formatDate(nowSeconds), interval: 'month' as const };
}

export function historyFromStore(service: RevenueService): { currency: string; months: HistoryMonth[] } {
  const { ledger, now } = service.history();
  const range = lastTwelveMonths(now);
  const currency = service.rates.reportingCurrency;
  const major = (minor: number) => toMajorUnits(minor, currency);
  const points = mrrSeries(ledger, service.rates, range);
  return {
    currency,
    months: movementsSeries(ledger, service.rates, range).map((m, i) => ({
      period: m.period,
      mrr: major(points[i]!.mrr),
      customers: points[i]!.customers,
      movements: [major(m.new), major(m.expansion), major(m.contraction), major(m.churn), major(m.reactivation), major(m.net)],
    })),
  };
}

const mrrAnswer = z.object({ currency: z.string(), points: z.array(z.object({ mrr: z.number(), customers: z.number() })) });
const movementsAnswer = z.object({
  points: z.array(
    z.object({
      period: z.string(),
      new: z.number(),
      expansion: z.number(),
      contraction: z.number(),
      churn: z.number(),
      reactivation: z.number(),
      net: z.number(),
    }),
  ),
});

/** The same months from a running service's /api/metrics routes, which compute them alike. */
export async function historyFromService(running: RunningService): Promise<{ currency: string; months: HistoryMonth[] }> {
  const range = lastTwelveMonths(Math.floor(Date.now() / 1000));
  const query = `from=${range.from}&to=${range.to}&interval=${range.interval}`;
  const mrr = mrrAnswer.parse((await running.request('GET', `/api/metrics/mrr?${query}`)).body);
  const movements = movementsAnswer.parse((await running.request('GET', `/api/metrics/movements?${query}`)).body);
  return {
    currency: mrr.currency,
    months: movements.points.map((m, i) => ({
      period: m.period,
      mrr: mrr.points[i]!.mrr,
      customers: mrr.points[i]!.customers,
      movements: [m.new, m.expansion, m.contraction, m.churn, m.reactivation, m.net],
    })),
  };
}

export function historyTable({ currency, months }: { currency: string; months: HistoryMonth[] }): string {
  const money = (major: number) => major.toFixed(currencyDecimals(currency));
  const table = new Table({
    head: ['month', `MRR (${currency.toUpperCase()})`, 'customers', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'net'],
  });
  for (const month of months) table.push([month.period, money(month.mrr), String(month.customers), ...month.movements.map(money)]);
  return table.toString();
}
