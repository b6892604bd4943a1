import type { PeriodMovements } from './period-movements.ts';

/**
 * Customers who churned in the period and were paying at its start: one who started (or came back)
 * in the period and churned again is left out (rule 12), and a customer counts once however often
 * they churned. So the count never exceeds the paying customers at the start.
 */
export function churnedCustomers(period: PeriodMovements): number {
  const payingAtStart = new Map<number, boolean>();
  const churned = new Set<number>();
  for (const change of period.changes) {
    if (!payingAtStart.has(change.customer)) payingAtStart.set(change.customer, change.payingBefore);
    if (change.kind === 'churn') churned.add(change.customer);
  }
  let count = 0;
  for (const customer of churned) if (payingAtStart.get(customer) === true) count += 1;
  return count;
}
