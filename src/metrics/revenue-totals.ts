import { convertTotal, type RatesConfig } from './currency-conversion.ts';
import type { Snapshot } from './snapshot.ts';
import type { Contribution } from './subscription-contribution.ts';

export interface ChargeRevenue {
  currency: string;
  amount: number;
}

function add(totals: Map<string, number>, currency: string, amount: number): void {
  const sum = (totals.get(currency) ?? 0) + amount;
  if (sum === 0) totals.delete(currency);
  else totals.set(currency, sum);
}

const sortedRecord = (totals: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Per-currency sums kept up to date one subscription or charge at a time, so that a change costs a few
 * map updates and a snapshot costs one conversion per currency, however large the account.
 */
export class RevenueTotals {
  private readonly contributions = new Map<string, Contribution>();
  private readonly charges = new Map<string, ChargeRevenue>();
  private readonly mrrByCurrency = new Map<string, number>();
  private readonly churnByCurrency = new Map<string, number>();
  private readonly revenueByCurrency = new Map<string, number>();
  /** Paying subscriptions per customer: a customer pays while this is above 0. */
  private readonly payingSubscriptions = new Map<string, number>();
  customersTotal = 0;

  /** Every subscription's current contribution: where the history's today comes from. */
  allContributions(): ReadonlyMap<string, Contribution> {
    return this.contributions;
  }

  /** Replaces what a subscription contributes; undefined removes it. */
  setContribution(subscriptionId: string, next: Contribution | undefined): void {
    const previous = this.contributions.get(subscriptionId);
    if (previous) this.account(previous, -1);
    if (next) {
      this.contributions.set(subscriptionId, next);
      this.account(next, 1);
    } else {
      this.contributions.delete(subscriptionId);
    }
  }

  setCharge(chargeId: string, next: ChargeRevenue | undefined): void {
    const previous = this.charges.get(chargeId);
    if (previous) add(this.revenueByCurrency, previous.currency.toLowerCase(), -previous.amount);
    if (next) {
      this.charges.set(chargeId, next);
      add(this.revenueByCurrency, next.currency.toLowerCase(), next.amount);
    } else {
      this.charges.delete(chargeId);
    }
  }

  snapshot(rates: RatesConfig): Snapshot {
    const unconverted = new Set<string>();
    const convertSum = (totals: Map<string, number>): number => {
      let sum = 0;
      for (const [currency, amount] of totals) {
        const converted = convertTotal(amount, currency, rates);
        if (converted === undefined) unconverted.add(currency);
        else sum += converted;
      }
      return sum;
    };
    const mrr = convertSum(this.mrrByCurrency);
    return {
      currency: rates.reportingCurrency.toLowerCase(),
      mrr,
      arr: 12 * mrr,
      payingCustomers: this.payingSubscriptions.size,
      customersTotal: this.customersTotal,
      totalRevenue: convertSum(this.revenueByCurrency),
      mrrByCurrency: sortedRecord(this.mrrByCurrency),
      totalRevenueByCurrency: sortedRecord(this.revenueByCurrency),
      scheduledChurnMrr: convertSum(this.churnByCurrency),
      unconvertedCurrencies: [...unconverted].sort(),
    };
  }

  private account(c: Contribution, sign: 1 | -1): void {
    if (c.mrr <= 0) return;
    const currency = c.currency.toLowerCase();
    add(this.mrrByCurrency, currency, sign * c.mrr);
    if (c.scheduledChurn) add(this.churnByCurrency, currency, sign * c.mrr);
    const paying = (this.payingSubscriptions.get(c.customerId) ?? 0) + sign;
    if (paying === 0) this.payingSubscriptions.delete(c.customerId);
    else this.payingSubscriptions.set(c.customerId, paying);
  }
}
