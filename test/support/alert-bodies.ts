import type { AlertBody, MoneyJson } from '../../src/alerts/alert-body.ts';

const usd = (amount: number): MoneyJson => ({ by_currency: [{ currency: 'usd', amount }], reporting: { currency: 'usd', amount } });
const customer = { id: 'cus_ada', name: 'Ada <Lovelace> & Co', email: 'ada@example.com' };
const common = { occurred_at: '2026-03-01T09:30:00.000Z', livemode: true, customer, subscription_id: 'sub_1' };

/** One body of each alert type, as receivers get them. */
export const ALERT_BODIES: Record<AlertBody['type'], AlertBody> = {
  churn: { ...common, id: 'movement:cus_ada:1772357400:churn', type: 'churn', mrr_change: usd(-2500), mrr: { by_currency: [], reporting: usd(0).reporting } },
  new: { ...common, id: 'movement:cus_ada:1772357400:new', type: 'new', mrr_change: usd(2500), mrr: usd(2500) },
  expansion: {
    ...common,
    id: 'movement:cus_ada:1772357400:expansion',
    type: 'expansion',
    mrr_change: { by_currency: [{ currency: 'eur', amount: 2000 }, { currency: 'usd', amount: 500 }], reporting: { currency: 'usd', amount: 2700 } },
    mrr: usd(7700),
  },
  contraction: { ...common, id: 'movement:cus_ada:1772357400:contraction', type: 'contraction', mrr_change: usd(-1000), mrr: usd(1500) },
  reactivation: { ...common, id: 'movement:cus_ada:1772357400:reactivation', type: 'reactivation', mrr_change: usd(2500), mrr: usd(2500) },
  test: { ...common, id: 'test:1', type: 'test', livemode: null, subscription_id: null, mrr_change: usd(1000), mrr: usd(1000) },
  payment_failed: {
    ...common,
    id: 'payment_failed:in_1:2',
    type: 'payment_failed',
    invoice_id: 'in_1',
    amount: usd(2500),
    attempt_count: 2,
    next_payment_attempt: '2026-03-04T09:30:00.000Z',
  },
  payment_recovered: { ...common, id: 'payment_recovered:in_1', type: 'payment_recovered', invoice_id: 'in_1', amount: usd(2500), attempt_count: 3 },
  refund: { ...common, id: 'refund:ch_1:1000', type: 'refund', customer: null, subscription_id: null, charge_id: 'ch_1', amount: usd(1000), amount_refunded: usd(1000) },
  dispute: { ...common, id: 'dispute:ch_1', type: 'dispute', charge_id: 'ch_1', amount: { by_currency: [{ currency: 'jpy', amount: 5000 }], reporting: { currency: 'usd', amount: null } } },
};
