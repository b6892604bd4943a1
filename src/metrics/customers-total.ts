import type { StripeCustomer } from './stripe-shapes.ts';

/** customers_total (rule 8): deleted customers are kept in the store as tombstones but no longer count. */
export function countCustomers(customers: Iterable<StripeCustomer>): number {
  let count = 0;
  for (const customer of customers) if (customer.deleted !== true) count += 1;
  return count;
}
