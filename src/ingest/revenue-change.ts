import { z } from 'zod';
import type { CustomerChange } from '../metrics/history/index.ts';
import { RevenueDelta } from '../metrics/index.ts';

const amountsByCurrency = z.record(z.string(), z.number().int());
const customerChange = z.object({
  at: z.number().int(),
  kind: z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']),
  payingBefore: z.boolean(),
  payingAfter: z.boolean(),
  amounts: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
  churnCounted: z.boolean(),
});
const recordedChange = z.object({
  delta: z.object({
    mrrByCurrency: amountsByCurrency,
    churnByCurrency: amountsByCurrency,
    revenueByCurrency: amountsByCurrency,
    payingCustomers: z.number().int(),
    customersTotal: z.number().int(),
    unpricedSubscriptions: z.number().int(),
  }),
  removed: z.array(customerChange),
  added: z.array(customerChange),
});

/** What one committed transaction did to the figures: the sums' delta, and the history's changes out and in. */
export class RevenueChange {
  readonly delta = new RevenueDelta();
  readonly removed: CustomerChange[] = [];
  readonly added: CustomerChange[] = [];

  merge(other: RevenueChange): this {
    this.delta.add(other.delta);
    this.removed.push(...other.removed);
    this.added.push(...other.added);
    return this;
  }

  isEmpty(): boolean {
    return this.delta.isEmpty() && this.removed.length === 0 && this.added.length === 0;
  }

  /** As written to the change log that other instances read. */
  toJSON(): z.input<typeof recordedChange> {
    const { delta } = this;
    return {
      delta: {
        mrrByCurrency: Object.fromEntries(delta.mrrByCurrency),
        churnByCurrency: Object.fromEntries(delta.churnByCurrency),
        revenueByCurrency: Object.fromEntries(delta.revenueByCurrency),
        payingCustomers: delta.payingCustomers,
        customersTotal: delta.customersTotal,
        unpricedSubscriptions: delta.unpricedSubscriptions,
      },
      removed: this.removed,
      added: this.added,
    };
  }

  /** A change read back from the log; throws on anything the log could not have held. */
  static fromJSON(value: unknown): RevenueChange {
    const parsed = recordedChange.parse(value);
    const change = new RevenueChange();
    change.delta.add({
      ...parsed.delta,
      mrrByCurrency: new Map(Object.entries(parsed.delta.mrrByCurrency)),
      churnByCurrency: new Map(Object.entries(parsed.delta.churnByCurrency)),
      revenueByCurrency: new Map(Object.entries(parsed.delta.revenueByCurrency)),
    });
    change.removed.push(...parsed.removed);
    change.added.push(...parsed.added);
    return change;
  }
}
