import { convertTotal, type RatesConfig } from './currency-conversion.ts';
import type { Contribution } from './subscription-contribution.ts';

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
}

function addTo(totals: Map<string, number>, currency: string, amount: number): void {
  totals.set(currency, (totals.get(currency) ?? 0) + amount);
}

const sortedRecord = (totals: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...totals].filter(([, amount]) => amount !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));

/** One pass over the contributions; conversion then costs one step per currency, not per subscription. */
export function buildSnapshot(input: {
  contributions: Iterable<Contribution>;
  customersTotal: number;
  revenueByCurrency: ReadonlyMap<string, number>;
  rates: RatesConfig;
}): Snapshot {
  const mrrByCurrency = new Map<string, number>();
  const churnByCurrency = new Map<string, number>();
  const paying = new Set<string>();
  for (const c of input.contributions) {
    if (c.mrr <= 0) continue;
    const currency = c.currency.toLowerCase();
    addTo(mrrByCurrency, currency, c.mrr);
    paying.add(c.customerId);
    if (c.scheduledChurn) addTo(churnByCurrency, currency, c.mrr);
  }
  const revenueByCurrency = new Map<string, number>();
  for (const [currency, amount] of input.revenueByCurrency) addTo(revenueByCurrency, currency.toLowerCase(), amount);

  const unconverted = new Set<string>();
  const convertSum = (totals: Map<string, number>): number => {
    let sum = 0;
    for (const [currency, amount] of totals) {
      if (amount === 0) continue;
      const converted = convertTotal(amount, currency, input.rates);
      if (converted === undefined) unconverted.add(currency);
      else sum += converted;
    }
    return sum;
  };
  const mrr = convertSum(mrrByCurrency);

  return {
    currency: input.rates.reportingCurrency.toLowerCase(),
    mrr,
    arr: 12 * mrr,
    payingCustomers: paying.size,
    customersTotal: input.customersTotal,
    totalRevenue: convertSum(revenueByCurrency),
    mrrByCurrency: sortedRecord(mrrByCurrency),
    totalRevenueByCurrency: sortedRecord(revenueByCurrency),
    scheduledChurnMrr: convertSum(churnByCurrency),
    unconvertedCurrencies: [...unconverted].sort(),
  };
}
