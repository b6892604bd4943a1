import type { StripeCharge, StripeCoupon, StripeCustomer, StripePrice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { ObjectsRepository } from '../store/objects-repository.ts';

export interface PricingData {
  prices: Map<string, StripePrice>;
  coupons: Map<string, StripeCoupon>;
  customers: Map<string, StripeCustomer>;
}

/**
 * Deleted coupons and prices stay in the maps: Stripe keeps applying a deleted coupon's existing
 * discounts, and subscriptions keep billing archived prices.
 */
export async function loadPricingData(objects: ObjectsRepository): Promise<PricingData> {
  const prices = new Map<string, StripePrice>();
  for await (const batch of objects.scan<StripePrice>('price', { includeDeleted: true })) {
    for (const row of batch) prices.set(row.id, row.data);
  }
  const coupons = new Map<string, StripeCoupon>();
  for await (const batch of objects.scan<StripeCoupon>('coupon', { includeDeleted: true })) {
    for (const row of batch) coupons.set(row.id, row.data);
  }
  const customers = new Map<string, StripeCustomer>();
  for await (const batch of objects.scan<StripeCustomer>('customer', { includeDeleted: true })) {
    for (const row of batch) customers.set(row.id, row.data);
  }
  return { prices, coupons, customers };
}

export async function* scanSubscriptions(objects: ObjectsRepository): AsyncGenerator<StripeSubscription[]> {
  for await (const batch of objects.scan<StripeSubscription>('subscription')) yield batch.map((row) => row.data);
}

export async function* scanCharges(objects: ObjectsRepository): AsyncGenerator<StripeCharge[]> {
  for await (const batch of objects.scan<StripeCharge>('charge')) yield batch.map((row) => row.data);
}
