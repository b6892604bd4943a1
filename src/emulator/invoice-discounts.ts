/**
 * How a period invoice's discounts split into per-line `discount_amounts`, each rounded to the minor
 * unit as Stripe rounds them: item discounts on their own line, then the subscription's discounts (or
 * the customer's, when the subscription has none running) spread over the lines.
 *
 * Subscription-level discounts are spread over licensed lines only (Stripe spreads them over every
 * line): metered lines are not MRR, and a share of an amount_off on them would make MRR read back from
 * invoices disagree with the subscription's own MRR by more than rounding.
 */
import type { PlannedDiscount } from './mrr-plan.ts';

export interface DiscountableLine {
  amount: number;
  licensed: boolean;
  discounts: readonly PlannedDiscount[];
}

export type DiscountAmounts = Array<{ amount: number; discount: string }>;

const running = (d: PlannedDiscount, at: number) => d.end === null || d.end > at;

function percentOf(amount: number, percent: number): number {
  return Math.round((amount * percent) / 100);
}

export function lineDiscountAmounts(
  lines: readonly DiscountableLine[],
  subscriptionDiscounts: readonly PlannedDiscount[],
  customerDiscount: PlannedDiscount | null,
  currency: string,
  at: number,
): DiscountAmounts[] {
  const result: DiscountAmounts[] = lines.map(() => []);
  const remaining = lines.map((line) => line.amount);
  const take = (i: number, amount: number, discount: string) => {
    if (amount <= 0) return;
    (result[i] as DiscountAmounts).push({ amount, discount });
    remaining[i] = (remaining[i] as number) - amount;
  };
  lines.forEach((line, i) => {
    for (const d of line.discounts) {
      if (!running(d, at)) continue;
      const left = remaining[i] as number;
      if (d.coupon.percent_off !== null) take(i, percentOf(left, d.coupon.percent_off), d.id);
      else if (d.coupon.amount_off !== null && d.coupon.currency === currency) take(i, Math.min(d.coupon.amount_off, left), d.id);
    }
  });
  const own = subscriptionDiscounts.filter((d) => running(d, at));
  const level = own.length > 0 ? own : customerDiscount && running(customerDiscount, at) ? [customerDiscount] : [];
  const targets = lines.map((line, i) => (line.licensed ? i : -1)).filter((i) => i >= 0);
  for (const d of level) {
    if (d.coupon.percent_off !== null) {
      for (const i of targets) take(i, percentOf(remaining[i] as number, d.coupon.percent_off), d.id);
    } else if (d.coupon.amount_off !== null && d.coupon.currency === currency) {
      spreadAmountOff(targets, remaining, d.coupon.amount_off, (i, amount) => take(i, amount, d.id));
    }
  }
  return result;
}

/** In proportion to what each line has left; the rounding remainder goes to the largest line. */
function spreadAmountOff(targets: readonly number[], remaining: readonly number[], amountOff: number, take: (i: number, amount: number) => void): void {
  const base = targets.reduce((sum, i) => sum + (remaining[i] as number), 0);
  const total = Math.min(amountOff, base);
  if (total <= 0) return;
  const shares = targets.map((i) => Math.floor((total * (remaining[i] as number)) / base));
  let largest = 0;
  targets.forEach((i, k) => {
    if ((remaining[i] as number) > (remaining[targets[largest] as number] as number)) largest = k;
  });
  shares[largest] = (shares[largest] as number) + total - shares.reduce((sum, s) => sum + s, 0);
  targets.forEach((i, k) => take(i, shares[k] as number));
}
