import { convertTotal, type RatesConfig } from './currency-conversion.ts';

/** The headline numbers, all in integer minor units. */
export interface Snapshot {
  /** The reporting currency. */
  currency: string;
  mrr: number;
  arr: number;
  payingCustomers: number;
  customersTotal: number;
  totalRevenue: number;
  /** Before conversion, in each currency's own minor units. */
  mrrByCurrency: Record<string, number>;
  totalRevenueByCurrency: Record<string, number>;
  scheduledChurnMrr: number;
  /** Sorted; currencies with MRR or revenue but no rate, left out of the headline. */
  unconvertedCurrencies: string[];
  /** The rates the headline was converted with, sorted: 1 unit of each currency = rate units of the reporting currency. */
  ratesUsed: Record<string, string>;
  /** Subscriptions that count toward MRR but could not be priced (a price that can't be read), so are left out of it. */
  unpricedSubscriptions: number;
}

/** The account's sums before conversion: each currency in its own minor units. */
export interface RevenueSums {
  mrrByCurrency: ReadonlyMap<string, number>;
  /** The MRR of subscriptions set to end (rule 1's scheduled churn). */
  churnByCurrency: ReadonlyMap<string, number>;
  revenueByCurrency: ReadonlyMap<string, number>;
  payingCustomers: number;
  customersTotal: number;
  unpricedSubscriptions: number;
}

const sortedRecord = (totals: ReadonlyMap<string, number>): Record<string, number> =>
  Object.fromEntries([...totals].filter(([, amount]) => amount !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Converts each currency's sum once (rule 7); currencies without a rate are listed instead. */
export function toSnapshot(sums: RevenueSums, rates: RatesConfig): Snapshot {
  const unconverted = new Set<string>();
  const used = new Map<string, string>();
  const convertSum = (totals: ReadonlyMap<string, number>): number => {
    let sum = 0;
    for (const [currency, amount] of totals) {
      if (amount === 0) continue;
      const converted = convertTotal(amount, currency, rates);
      if (converted === undefined) unconverted.add(currency);
      else sum += converted;
      const rate = rates.rates.get(currency);
      if (converted !== undefined && rate !== undefined && currency !== rates.reportingCurrency.toLowerCase()) used.set(currency, rate);
    }
    return sum;
  };
  const mrr = convertSum(sums.mrrByCurrency);
  return {
    currency: rates.reportingCurrency.toLowerCase(),
    mrr,
    arr: 12 * mrr,
    payingCustomers: sums.payingCustomers,
    customersTotal: sums.customersTotal,
    totalRevenue: convertSum(sums.revenueByCurrency),
    mrrByCurrency: sortedRecord(sums.mrrByCurrency),
    totalRevenueByCurrency: sortedRecord(sums.revenueByCurrency),
    scheduledChurnMrr: convertSum(sums.churnByCurrency),
    unconvertedCurrencies: [...unconverted].sort(),
    ratesUsed: Object.fromEntries([...used].sort(([a], [b]) => (a < b ? -1 : 1))),
    unpricedSubscriptions: sums.unpricedSubscriptions,
  };
}
