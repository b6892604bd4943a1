import { DAY_SECONDS } from './calendar.ts';
import type { MovementKind } from './classify-movement.ts';
import type { CustomerChange } from './customer-changes.ts';

/** Every customer change of one UTC day, summed: the unit every series and summary is made of. */
export interface DayTotals {
  /** Unix day number: the day starts at `day × 86400`. */
  day: number;
  /** Net MRR change per currency, in its minor units. */
  net: Map<string, number>;
  /** The same change split by movement kind. */
  moved: Map<MovementKind, Map<string, number>>;
  /** Customers who started paying minus those who stopped. */
  payingDelta: number;
  /** Customers whose churn counts in their month's customer churn rate. */
  churned: number;
}

function addTo(map: Map<string, number>, key: string, amount: number): void {
  const sum = (map.get(key) ?? 0) + amount;
  if (sum === 0) map.delete(key);
  else map.set(key, sum);
}

/** Changes already summed per day, kind and currency: how a ledger is read back from the store. */
export interface DailySum {
  day: number;
  kind: MovementKind;
  currency: string;
  amount: number;
  payingDelta: number;
  churned: number;
}

const isEmpty = (day: DayTotals): boolean => day.net.size === 0 && day.moved.size === 0 && day.payingDelta === 0 && day.churned === 0;

/**
 * The whole account's MRR history as daily sums of its customers' changes, kept up to date by adding a
 * customer's new changes and taking away their old ones. Its size follows the days the account has
 * existed and its currencies, never the number of customers, and history periods are whole days, so
 * any series can be read from it exactly.
 */
export class RevenueLedger {
  private readonly days = new Map<number, DayTotals>();
  private ordered: DayTotals[] | undefined;

  /** Adds (sign 1) or takes away (sign −1) changes. */
  record(changes: Iterable<CustomerChange>, sign: 1 | -1): void {
    for (const change of changes) {
      const payingDelta = Number(change.payingAfter) - Number(change.payingBefore);
      const churned = Number(change.churnCounted);
      change.amounts.forEach(({ currency, amount }, k) => {
        // A change's customer-level facts are counted once, with its first currency.
        const first = k === 0;
        this.add({ day: Math.floor(change.at / DAY_SECONDS), kind: change.kind, currency, amount, payingDelta: first ? payingDelta : 0, churned: first ? churned : 0 }, sign);
      });
    }
  }

  recordSums(sums: Iterable<DailySum>): void {
    for (const sum of sums) this.add(sum, 1);
  }

  private add(sum: DailySum, sign: 1 | -1): void {
    let day = this.days.get(sum.day);
    if (day === undefined) {
      day = { day: sum.day, net: new Map(), moved: new Map(), payingDelta: 0, churned: 0 };
      this.days.set(sum.day, day);
      this.ordered = undefined;
    }
    let moved = day.moved.get(sum.kind);
    if (moved === undefined) day.moved.set(sum.kind, (moved = new Map()));
    addTo(day.net, sum.currency, sign * sum.amount);
    addTo(moved, sum.currency, sign * sum.amount);
    if (moved.size === 0) day.moved.delete(sum.kind);
    day.payingDelta += sign * sum.payingDelta;
    day.churned += sign * sum.churned;
    if (isEmpty(day)) {
      this.days.delete(sum.day);
      this.ordered = undefined;
    }
  }

  /** The days with changes, oldest first. */
  orderedDays(): readonly DayTotals[] {
    this.ordered ??= [...this.days.values()].sort((a, b) => a.day - b.day);
    return this.ordered;
  }
}
