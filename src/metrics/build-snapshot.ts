import type { RatesConfig } from './currency-conversion.ts';
import { RevenueDelta } from './revenue-delta.ts';
import { toSnapshot, type Snapshot } from './snapshot.ts';
import type { Contribution } from './subscription-contribution.ts';

/** The whole account at once, from every subscription's contribution: what the running sums must equal. */
export function buildSnapshot(input: {
  contributions: Iterable<Contribution>;
  customersTotal: number;
  revenueByCurrency: ReadonlyMap<string, number>;
  rates: RatesConfig;
}): Snapshot {
  const sums = new RevenueDelta();
  const paying = new Set<string>();
  for (const c of input.contributions) {
    sums.contribution(undefined, c);
    if (c.mrr > 0) paying.add(c.customerId);
  }
  for (const [currency, amount] of input.revenueByCurrency) sums.charge(undefined, { currency, amount });
  sums.payingCustomers = paying.size;
  sums.customersTotal = input.customersTotal;
  return toSnapshot(sums, input.rates);
}
