/** Shared by the emulator's tests: a key, a GET through the whole app without a port, the engine's MRR. */
import type { FastifyInstance } from 'fastify';
import { subscriptionContribution, type DiscountPolicy } from '../metrics/index.ts';
import type { StripeDiscount } from '../metrics/stripe-shapes.ts';
import type { EmulatorState } from './state.ts';

export const TEST_KEY = 'sk_test_emulator0123456789abcdef';
/** 2026-01-01T00:00:00Z */
export const T0 = 1_767_225_600;

export interface Response {
  status: number;
  headers: Record<string, unknown>;
  // Tests read arbitrary Stripe JSON; asserting on it is the check.
  body: any;
}

export async function get(app: FastifyInstance, url: string, key: string | null = TEST_KEY): Promise<Response> {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}

export const ids = (list: { data: Array<{ id: string }> }): string[] => list.data.map((o) => o.id);

/** Current MRR per currency by the metrics engine, from the state's own objects (discounts expanded). */
export function engineMrr(state: EmulatorState, asOf: number, policy: DiscountPolicy = 'forever'): Record<string, number> {
  const expand = (refs: Array<string | StripeDiscount>) => refs.map((ref) => (typeof ref === 'string' ? (state.discounts.get(ref) ?? ref) : ref));
  const prices = new Map([...state.collection('price').values()].map((p) => [p.id, p]));
  const coupons = new Map([...state.collection('coupon').values()].map((c) => [c.id, c]));
  const totals: Record<string, number> = {};
  for (const sub of state.collection('subscription').values()) {
    const expanded = { ...sub, discounts: expand(sub.discounts), items: { ...sub.items, data: sub.items.data.map((i) => ({ ...i, discounts: expand(i.discounts) })) } };
    const { currency, mrr } = subscriptionContribution(expanded, { prices, coupons, customer: state.get('customer', sub.customer), policy, asOf });
    if (mrr !== 0) totals[currency] = (totals[currency] ?? 0) + mrr;
  }
  return totals;
}
