import type { z } from 'zod';
import { toMajorUnits } from '../../metrics/index.ts';
import { formatMonth, monthSummary, movementsSeries, mrrSeries, type Amount, type MovementTotals, type MovementsPoint, type MrrPoint, type Ratio, type SeriesRange } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { range, type rangeQuery } from '../metrics-query.ts';

type RangeQuery = z.infer<typeof rangeQuery>;

/** A series in reporting minor units, for JSON or CSV. */
export interface Series<Point> {
  currency: string;
  range: SeriesRange;
  points: Point[];
}

const percentOrNull = (r: Ratio) => (r.value === null ? null : Number(r.value));
const amountOrNull = (a: Amount, currency: string) => (a.value === null ? null : toMajorUnits(a.value, currency));

export function movementsInMajor(m: MovementTotals, currency: string) {
  const major = (minor: number) => toMajorUnits(minor, currency);
  return { new: major(m.new), expansion: major(m.expansion), contraction: major(m.contraction), churn: major(m.churn), reactivation: major(m.reactivation), net: major(m.net) };
}

/** GET /api/metrics/mrr's points; a range the engine would refuse throws BadRequestError. */
export function mrrHistory(service: RevenueService, query: RangeQuery): Series<MrrPoint> {
  const { ledger, now } = service.history();
  const r = range(query, now);
  return { currency: service.rates.reportingCurrency, range: r, points: mrrSeries(ledger, service.rates, r) };
}

export function mrrHistoryJson({ currency, range: r, points }: Series<MrrPoint>) {
  return { currency, interval: r.interval, from: r.from, to: r.to, points: points.map((p) => ({ date: p.date, mrr: toMajorUnits(p.mrr, currency), customers: p.customers })) };
}

/** GET /api/metrics/movements's points. */
export function movementsHistory(service: RevenueService, query: RangeQuery): Series<MovementsPoint> {
  const { ledger, now } = service.history();
  const r = range(query, now);
  return { currency: service.rates.reportingCurrency, range: r, points: movementsSeries(ledger, service.rates, r) };
}

export function movementsHistoryJson({ currency, range: r, points }: Series<MovementsPoint>) {
  return { currency, interval: r.interval, from: r.from, to: r.to, points: points.map((p) => ({ period: p.period, ...movementsInMajor(p, currency) })) };
}

/** GET /api/metrics/summary: one month ('YYYY-MM', the current one when absent), amounts in major units. */
export async function monthSummaryJson(service: RevenueService, period: string | undefined) {
  const currency = service.rates.reportingCurrency;
  const history = service.history();
  const month = period ?? formatMonth(history.now);
  const trials = await history.trialConversion(month);
  const s = monthSummary(history.ledger, service.rates, trials, month, history.now);
  const reasons: Record<string, string> = {};
  const note = (name: string, value: { reason: string | null }) => value.reason !== null && (reasons[name] = value.reason);
  note('customer_churn_rate', s.customerChurnRate);
  note('gross_mrr_churn_rate', s.grossMrrChurn);
  note('net_mrr_churn_rate', s.netMrrChurn);
  note('arpa', s.arpa);
  note('ltv', s.ltv);
  note('quick_ratio', s.quickRatio);
  note('trial_conversion_rate', s.trialConversion.rate);
  return {
    period: s.month,
    currency,
    mrr_at_start: toMajorUnits(s.mrrAtStart, currency),
    mrr_at_end: toMajorUnits(s.mrrAtEnd, currency),
    paying_customers_at_start: s.payingCustomersAtStart,
    paying_customers_at_end: s.payingCustomersAtEnd,
    movements: movementsInMajor(s.movements, currency),
    churned_customers: s.churnedCustomers,
    customer_churn_rate: percentOrNull(s.customerChurnRate),
    gross_mrr_churn_rate: percentOrNull(s.grossMrrChurn),
    net_mrr_churn_rate: percentOrNull(s.netMrrChurn),
    arpa: amountOrNull(s.arpa, currency),
    ltv: amountOrNull(s.ltv, currency),
    quick_ratio: percentOrNull(s.quickRatio),
    trials_ended: s.trialConversion.trialsEnded,
    trials_converted: s.trialConversion.converted,
    trial_conversion_rate: percentOrNull(s.trialConversion.rate),
    reasons,
  };
}
