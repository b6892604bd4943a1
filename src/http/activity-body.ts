import { convertTotal, toMajorUnits } from '../metrics/index.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import type { StoredCharge } from '../store/charges-by-time-repository.ts';
import { isoFromUnix } from './json-values.ts';

export interface ActivityItem {
  id: string;
  at: string;
  kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'payment' | 'refund' | 'payment_failed';
  customer_id: string | null;
  name: string | null;
  email: string | null;
  /** Major units of the reporting currency; null when `currency` has no rate. */
  amount: number | null;
  /** Major units of `currency`. */
  currency_amount: number;
  currency: string;
}

/** A charge's items: its payment (or failed payment) and, when money went back, its refund, dated by the charge. */
type ItemBase = Omit<ActivityItem, 'amount' | 'currency_amount' | 'currency'>;
type ChargeItem = ItemBase & { minor: number; currency: string };

function chargeItems(charge: StoredCharge): ChargeItem[] {
  const { status, currency, amount = 0, amount_captured: captured = 0, amount_refunded: refunded = 0 } = charge.data;
  if (currency === undefined) return [];
  const who = { customer_id: charge.customerId, name: charge.name, email: charge.email, at: isoFromUnix(charge.created), currency: currency.toLowerCase() };
  if (status === 'failed') return [{ ...who, id: `payment_failed:${charge.id}`, kind: 'payment_failed', minor: amount }];
  if (status !== 'succeeded') return [];
  const items: ChargeItem[] = [{ ...who, id: `payment:${charge.id}`, kind: 'payment', minor: captured }];
  if (refunded > 0) items.push({ ...who, id: `refund:${charge.id}`, kind: 'refund', minor: -refunded });
  return items;
}

/**
 * The latest revenue events, newest first: MRR movements and payments, each read by time with a limit
 * (revenue_movements_at, stripe_objects_type_created), so the cost follows `limit`, not the account.
 */
export async function activityBody(service: RevenueService, limit: number): Promise<{ currency: string; items: ActivityItem[] }> {
  const { rates } = service;
  const reporting = rates.reportingCurrency;
  const { now } = service.history();
  const [movements, charges] = await Promise.all([service.reads.movements.latest(limit, now), service.reads.charges.latest(limit, now)]);
  const item = (base: ItemBase, minor: number, currency: string): ActivityItem => {
    const converted = convertTotal(minor, currency, rates);
    return {
      ...base,
      amount: converted === undefined ? null : toMajorUnits(converted, reporting),
      currency_amount: toMajorUnits(minor, currency),
      currency,
    };
  };
  const items = [
    ...movements.map((m) =>
      item(
        { id: `${m.kind}:${m.customerId}:${m.at}:${m.currency}`, at: isoFromUnix(m.at), kind: m.kind, customer_id: m.customerId, name: m.name, email: m.email },
        m.amount,
        m.currency,
      ),
    ),
    ...charges.flatMap(chargeItems).map(({ minor, currency, ...base }) => item(base, minor, currency)),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { currency: reporting, items: items.slice(0, limit) };
}
