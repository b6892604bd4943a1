import { Fraction } from './exact.ts';
import type { StripePrice } from './stripe-shapes.ts';

const PERIODS_PER_YEAR = { day: 365, week: 52, month: 12, year: 1 } as const;

/** Multiplies one billing period's amount into a monthly one (rule 4): perYear / (12 × interval_count). */
export function monthlyFactor(recurring: NonNullable<StripePrice['recurring']>): Fraction {
  return Fraction.of(PERIODS_PER_YEAR[recurring.interval], 12 * recurring.interval_count);
}
