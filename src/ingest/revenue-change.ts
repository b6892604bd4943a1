import type { CustomerChange } from '../metrics/history/index.ts';
import { RevenueDelta } from '../metrics/index.ts';

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
}
