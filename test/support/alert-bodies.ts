import type { AlertBody, MoneyJson } from '../../src/alerts/alert-body.ts';

const usd = (amount: number): MoneyJson => ({ by_currency: [{ currency: 'usd', amount }], reporting: { currency: 'usd', amount } });
const customer = { id: 'cus_ada', name: 'Ada <Lovelace> & Co', email: 'ada@example.com' };
const common = { occurred_at: '2026-03-01T09:30:00.000Z', livemode: true, customer, subscription_id: 'sub_1' };
const account = { occurred_at: '2026-03-01T09:30:00.000Z', livemode: true, rule: 'milestones' };

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
  trial_ending: { ...common, id: 'trial_ending:sub_1:1772616600', type: 'trial_ending', trial_end: '2026-03-04T09:30:00.000Z', cancel_at_period_end: false },
  scheduled_cancellation: { ...common, id: 'scheduled_cancellation:sub_1:1775035800', type: 'scheduled_cancellation', cancel_at: '2026-04-01T09:30:00.000Z', mrr: usd(2500) },
  mrr_threshold: {
    ...account,
    id: 'milestones:mrr_threshold:10000000:up:1772357400',
    type: 'mrr_threshold',
    direction: 'up',
    threshold: { currency: 'usd', amount: 10_000_000 },
    mrr: { currency: 'usd', amount: 10_002_500 },
  },
  mrr_week_on_week: {
    ...account,
    id: 'milestones:mrr_week_on_week:2026-02-28',
    type: 'mrr_week_on_week',
    from: '2026-02-21',
    to: '2026-02-28',
    mrr_at_from: { currency: 'usd', amount: 1_000_000 },
    mrr_at_to: { currency: 'usd', amount: 1_120_000 },
    change_pct: '12.00',
  },
  digest: {
    ...account,
    id: 'monday:digest:2026-03-02T08:00:00.000Z',
    type: 'digest',
    period: { from: '2026-02-22', to: '2026-03-01' },
    currency: 'usd',
    mrr_at_from: 1_000_000,
    mrr_at_to: 1_002_500,
    change: 2500,
    by_type: { new: 5000, expansion: 0, contraction: 0, churn: -2500, reactivation: 0 },
    biggest_movers: [{ customer, change: -2500 }],
    at_risk: {
      past_due: { count: 1, mrr: 2500, subscriptions: [{ customer, subscription_id: 'sub_1', status: 'past_due', cancel_at: null, mrr: { currency: 'usd', amount: 2500 } }] },
      scheduled_to_cancel: { count: 0, mrr: 0, subscriptions: [] },
    },
    deferred: [],
  },
  group: {
    id: 'group:0123456789abcdef',
    type: 'group',
    occurred_at: '2026-03-01T09:30:00.000Z',
    livemode: true,
    alerts: [
      { ...common, id: 'movement:cus_ada:1772357400:new', type: 'new', mrr_change: usd(2500), mrr: usd(2500) },
      { ...common, id: 'payment_failed:in_1:1', type: 'payment_failed', invoice_id: 'in_1', amount: usd(2500), attempt_count: 1, next_payment_attempt: null },
    ],
  },
};
