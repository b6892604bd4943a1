import type { StripeCharge } from './stripe-shapes.ts';

/** Money kept from one charge (rule 9): captured minus refunded, and nothing unless it succeeded. */
export function chargeNetRevenue(charge: StripeCharge): { currency: string; amount: number } {
  const amount = charge.status === 'succeeded' ? charge.amount_captured - charge.amount_refunded : 0;
  return { currency: charge.currency.toLowerCase(), amount };
}
