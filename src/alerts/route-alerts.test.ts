import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerAlertBody, MovementAlertBody, PaymentFailedAlertBody } from './alert-body.ts';
import type { AlertRule, MovementRule } from './alert-rules.ts';
import { firstAlertedAttempt, routeAlerts, type AlertFacts } from './route-alerts.ts';

const usd = (amount: number | null) => ({ by_currency: amount === null ? [] : [{ currency: 'usd', amount }], reporting: { currency: 'usd', amount } });

const movement = (type: MovementAlertBody['type'], change: number | null, after: number | null): MovementAlertBody => ({
  id: `movement:cus_1:100:${type}`,
  type,
  occurred_at: '2026-11-30T00:00:00.000Z',
  livemode: false,
  customer: { id: 'cus_1', name: 'Ada', email: 'ada@example.com' },
  subscription_id: 'sub_1',
  mrr_change: usd(change),
  mrr: usd(after),
});

const failed = (attempt: number): PaymentFailedAlertBody => ({
  id: `payment_failed:in_1:${attempt}`,
  type: 'payment_failed',
  occurred_at: '2026-11-30T00:00:00.000Z',
  livemode: false,
  customer: { id: 'cus_1', name: 'Ada', email: 'ada@example.com' },
  subscription_id: 'sub_1',
  invoice_id: 'in_1',
  amount: usd(5000),
  attempt_count: attempt,
  next_payment_attempt: null,
});

const facts: AlertFacts = { accountMrr: 1_000_000, planIds: ['price_gold', 'prod_gold'], metadata: [{ tier: 'enterprise' }, { seats: '10' }] };
const rule = (filters: Partial<MovementRule>): MovementRule => ({
  name: 'r',
  channels: ['slack'],
  urgent: false,
  kind: 'movement',
  types: ['new', 'expansion', 'contraction', 'churn', 'reactivation'],
  ...filters,
});

describe('routing what happened through the rules', () => {
  const cases: Array<[string, AlertRule, CustomerAlertBody, boolean]> = [
    ['a type the rule names', rule({ types: ['churn'] }), movement('churn', -5000, 0), true],
    ['a type it does not', rule({ types: ['churn'] }), movement('new', 5000, 5000), false],
    ['at least min_amount, either sign', rule({ minAmount: 5000 }), movement('churn', -5000, 0), true],
    ['below min_amount', rule({ minAmount: 5001 }), movement('churn', -5000, 0), false],
    ['an unconvertible change is told, not dropped', rule({ minAmount: 5001 }), movement('churn', null, null), true],
    ['1% of the account’s MRR', rule({ minPctOfMrr: 1 }), movement('expansion', 10_000, 20_000), true],
    ['under 1%', rule({ minPctOfMrr: 1 }), movement('expansion', 9_999, 20_000), false],
    ['a plan the subscription has (price or product)', rule({ plans: ['prod_gold'] }), movement('new', 100, 100), true],
    ['a plan it has not', rule({ plans: ['price_silver'] }), movement('new', 100, 100), false],
    ['a churned customer is measured by the MRR it had', rule({ customerMrr: { min: 5000 } }), movement('churn', -5000, 0), true],
    ['a customer too small', rule({ customerMrr: { min: 5001 } }), movement('churn', -5000, 0), false],
    ['a customer too big', rule({ customerMrr: { max: 4999 } }), movement('new', 5000, 5000), false],
    ['metadata of the customer and the subscription', rule({ metadata: { tier: 'enterprise', seats: '10' } }), movement('new', 1, 1), true],
    ['metadata that differs', rule({ metadata: { tier: 'startup' } }), movement('new', 1, 1), false],
    ['a movement rule ignores payments', rule({}), failed(1), false],
    [
      'payments from attempt 2: the first is skipped',
      { name: 'p', channels: ['slack'], urgent: false, kind: 'lifecycle', types: ['payment_failed'], paymentFailedFromAttempt: 2, trialEndingDays: 3 },
      failed(1),
      false,
    ],
    [
      'payments from attempt 2: the second alerts',
      { name: 'p', channels: ['slack'], urgent: false, kind: 'lifecycle', types: ['payment_failed'], paymentFailedFromAttempt: 2, trialEndingDays: 3 },
      failed(2),
      true,
    ],
    [
      'a lifecycle rule without payment_failed',
      { name: 'p', channels: ['slack'], urgent: false, kind: 'lifecycle', types: ['refund'], paymentFailedFromAttempt: 1, trialEndingDays: 3 },
      failed(1),
      false,
    ],
  ];
  for (const [what, r, body, routed] of cases) {
    test(what, () => assert.equal(routeAlerts([{ body, facts }], [r]).length, routed ? 1 : 0));
  }

  test('one alert per matching rule, its id from the rule and the source, to the rule’s channels', () => {
    const rules: AlertRule[] = [rule({ name: 'all', channels: ['feed', 'slack'] }), rule({ name: 'big', channels: ['pager'], urgent: true, minAmount: 1000 })];
    const alerts = routeAlerts([{ body: movement('churn', -5000, 0), facts }], rules);
    assert.deepEqual(
      alerts.map((a) => [a.id, a.body.id, a.rule, a.channels, a.urgent]),
      [
        ['all:movement:cus_1:100:churn', 'all:movement:cus_1:100:churn', 'all', ['feed', 'slack'], false],
        ['big:movement:cus_1:100:churn', 'big:movement:cus_1:100:churn', 'big', ['pager'], true],
      ],
    );
  });

  test('the first failed attempt any rule tells of', () => {
    const lifecycle = (types: ('payment_failed' | 'refund')[], from: number): AlertRule => ({ name: `l${from}`, channels: ['x'], urgent: false, kind: 'lifecycle', types, paymentFailedFromAttempt: from, trialEndingDays: 3 });
    assert.equal(firstAlertedAttempt([lifecycle(['payment_failed'], 3), lifecycle(['payment_failed'], 2)]), 2);
    assert.equal(firstAlertedAttempt([lifecycle(['refund'], 1)]), undefined);
  });
});
