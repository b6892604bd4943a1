import type { RevenueSums } from './snapshot.ts';

/** What a contribution adds to the sums: a subscription's MRR in its currency, and whether it is set to end. */
export interface CountedMrr {
  currency: string;
  mrr: number;
  scheduledChurn: boolean;
}

export interface ChargeRevenue {
  currency: string;
  amount: number;
}

function add(totals: Map<string, number>, currency: string, amount: number): void {
  if (amount === 0) return;
  const key = currency.toLowerCase();
  const sum = (totals.get(key) ?? 0) + amount;
  if (sum === 0) totals.delete(key);
  else totals.set(key, sum);
}

/**
 * How one committed change moves the account's sums: the new state of each changed subscription,
 * charge and customer, less its old one. Sums of deltas are deltas, so changes can be applied in any
 * order and still end at the account's totals.
 */
export class RevenueDelta implements RevenueSums {
  readonly mrrByCurrency = new Map<string, number>();
  readonly churnByCurrency = new Map<string, number>();
  readonly revenueByCurrency = new Map<string, number>();
  payingCustomers = 0;
  customersTotal = 0;
  unpricedSubscriptions = 0;

  contribution(previous: CountedMrr | undefined, next: CountedMrr | undefined): void {
    for (const [c, sign] of [[previous, -1], [next, 1]] as const) {
      if (c === undefined || c.mrr <= 0) continue;
      add(this.mrrByCurrency, c.currency, sign * c.mrr);
      if (c.scheduledChurn) add(this.churnByCurrency, c.currency, sign * c.mrr);
    }
  }

  charge(previous: ChargeRevenue | undefined, next: ChargeRevenue | undefined): void {
    if (previous) add(this.revenueByCurrency, previous.currency, -previous.amount);
    if (next) add(this.revenueByCurrency, next.currency, next.amount);
  }

  /** A customer who starts (or stops) paying, or starts (or stops) counting among all customers. */
  customer(change: { payingBefore: boolean; payingAfter: boolean } | { countedBefore: boolean; countedAfter: boolean }): void {
    if ('payingBefore' in change) this.payingCustomers += Number(change.payingAfter) - Number(change.payingBefore);
    else this.customersTotal += Number(change.countedAfter) - Number(change.countedBefore);
  }

  /** A subscription that could (not) be priced before and after: counted so that it never leaves MRR unseen. */
  unpriced(before: boolean, after: boolean): void {
    this.unpricedSubscriptions += Number(after) - Number(before);
  }

  /** Folds another delta into this one. */
  add(other: RevenueSums): void {
    for (const [currency, amount] of other.mrrByCurrency) add(this.mrrByCurrency, currency, amount);
    for (const [currency, amount] of other.churnByCurrency) add(this.churnByCurrency, currency, amount);
    for (const [currency, amount] of other.revenueByCurrency) add(this.revenueByCurrency, currency, amount);
    this.payingCustomers += other.payingCustomers;
    this.customersTotal += other.customersTotal;
    this.unpricedSubscriptions += other.unpricedSubscriptions;
  }

  isEmpty(): boolean {
    return this.mrrByCurrency.size + this.churnByCurrency.size + this.revenueByCurrency.size === 0 && this.payingCustomers === 0 && this.customersTotal === 0 && this.unpricedSubscriptions === 0;
  }
}
