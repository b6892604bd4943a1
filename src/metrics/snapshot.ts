import type { RatesConfig } from './currency-conversion.ts';
import { RevenueTotals } from './revenue-totals.ts';
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

/** The whole account at once: the same arithmetic as applying each change to running totals. */
export function buildSnapshot(input: {
  contributions: Iterable<Contribution>;
  customersTotal: number;
  revenueByCurrency: ReadonlyMap<string, number>;
  rates: RatesConfig;
}): Snapshot {
  const totals = new RevenueTotals();
  for (const c of input.contributions) totals.setContribution(c.subscriptionId, c);
  for (const [currency, amount] of input.revenueByCurrency) totals.setCharge(`total:${currency}`, { currency, amount });
  totals.customersTotal = input.customersTotal;
  return totals.snapshot(input.rates);
}
