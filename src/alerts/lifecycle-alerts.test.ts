import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StripeCharge, StripeInvoice } from '../metrics/stripe-shapes.ts';
import { chargeEvents, invoiceEvents, type LifecycleAlertContext } from './lifecycle-alerts.ts';

const NOW = 1_750_000_000;
const HOUR = 3600;
const ctx: LifecycleAlertContext = { now: NOW, rates: { reportingCurrency: 'usd', rates: new Map() }, livemode: false, paymentFailedFromAttempt: 1 };

const invoice = (over: Partial<StripeInvoice>): StripeInvoice => ({
  id: 'in_1', object: 'invoice', customer: 'cus_1', currency: 'usd', status: 'open', created: NOW - HOUR, period_start: NOW - HOUR,
  period_end: NOW + 30 * 24 * HOUR, total: 2500, amount_paid: 0, lines: { object: 'list', data: [], has_more: false, url: '' }, parent: null,
  attempt_count: 0, ...over,
});
const charge = (over: Partial<StripeCharge>): StripeCharge => ({
  id: 'ch_1', object: 'charge', amount: 2500, amount_captured: 2500, amount_refunded: 0, currency: 'usd', customer: 'cus_1', created: NOW - HOUR,
  status: 'succeeded', paid: true, refunded: false, invoice: 'in_1', ...over,
});
const ids = (events: ReadonlyArray<{ body: { id: string } }>) => events.map((e) => e.body.id);

describe('invoice lifecycle alerts', () => {
  const cases: Array<[string, StripeInvoice | undefined, StripeInvoice, Partial<LifecycleAlertContext>, string[]]> = [
    ['a first attempt failed', invoice({}), invoice({ attempt_count: 1 }), {}, ['payment_failed:in_1:1']],
    ['new to the store, already failed, created within the day', undefined, invoice({ attempt_count: 1 }), {}, ['payment_failed:in_1:1']],
    ['new to the store, failed long ago (a first sync)', undefined, invoice({ attempt_count: 1, created: NOW - 40 * 24 * HOUR }), {}, []],
    ['stored, failing again weeks after it was made', invoice({ attempt_count: 1, created: NOW - 20 * 24 * HOUR }), invoice({ attempt_count: 2, created: NOW - 20 * 24 * HOUR }), {}, ['payment_failed:in_1:2']],
    ['no new attempt (another field changed)', invoice({ attempt_count: 1 }), invoice({ attempt_count: 1, total: 2600 }), {}, []],
    ['from attempt 2: the first failure is skipped', invoice({}), invoice({ attempt_count: 1 }), { paymentFailedFromAttempt: 2 }, []],
    ['from attempt 2: the second alerts', invoice({ attempt_count: 1 }), invoice({ attempt_count: 2 }), { paymentFailedFromAttempt: 2 }, ['payment_failed:in_1:2']],
    ['paid on the first attempt', invoice({}), invoice({ status: 'paid', attempt_count: 1 }), {}, []],
    ['paid after a failure', invoice({ attempt_count: 1 }), invoice({ status: 'paid', attempt_count: 2 }), {}, ['payment_recovered:in_1']],
    ['paid after one failure, failures alerting from attempt 2', invoice({ attempt_count: 1 }), invoice({ status: 'paid', attempt_count: 2 }), { paymentFailedFromAttempt: 2 }, []],
    ['paid long ago, seen first now', undefined, invoice({ status: 'paid', attempt_count: 2, status_transitions: { paid_at: NOW - 9 * 24 * HOUR } }), {}, []],
    ['already paid before', invoice({ status: 'paid', attempt_count: 2 }), invoice({ status: 'paid', attempt_count: 2, total: 1 }), {}, []],
    ['voided after failing', invoice({ attempt_count: 1 }), invoice({ status: 'void', attempt_count: 1 }), {}, []],
  ];
  for (const [name, before, after, over, expected] of cases) {
    test(name, () => assert.deepEqual(ids(invoiceEvents({ before, after }, { ...ctx, ...over })), expected));
  }

  test('a failure says the attempt, the next one and the amount', () => {
    const [event] = invoiceEvents({ before: invoice({}), after: invoice({ attempt_count: 1, next_payment_attempt: NOW + 72 * HOUR }) }, ctx);
    assert.deepEqual(event, {
      customerId: 'cus_1',
      invoiceId: 'in_1',
      body: {
        id: 'payment_failed:in_1:1',
        type: 'payment_failed',
        occurred_at: new Date(NOW * 1000).toISOString(),
        invoice_id: 'in_1',
        amount: { by_currency: [{ currency: 'usd', amount: 2500 }], reporting: { currency: 'usd', amount: 2500 } },
        attempt_count: 1,
        next_payment_attempt: new Date((NOW + 72 * HOUR) * 1000).toISOString(),
      },
    });
  });
});

describe('charge lifecycle alerts', () => {
  const cases: Array<[string, StripeCharge | undefined, StripeCharge, string[]]> = [
    ['refunded in part', charge({}), charge({ amount_refunded: 1000 }), ['refund:ch_1:1000']],
    ['refunded again', charge({ amount_refunded: 1000 }), charge({ amount_refunded: 2500, refunded: true }), ['refund:ch_1:2500']],
    ['refunded long ago, seen first now', undefined, charge({ amount_refunded: 1000, created: NOW - 60 * 24 * HOUR }), []],
    ['nothing refunded', charge({}), charge({ amount_refunded: 0, paid: false }), []],
    ['disputed', charge({}), charge({ disputed: true }), ['dispute:ch_1']],
    ['still disputed', charge({ disputed: true }), charge({ disputed: true, amount_refunded: 0, refunded: false, paid: false }), []],
  ];
  for (const [name, before, after, expected] of cases) test(name, () => assert.deepEqual(ids(chargeEvents({ before, after }, ctx)), expected));

  test('a refund gives this refund and all refunded so far', () => {
    const [event] = chargeEvents({ before: charge({ amount_refunded: 1000 }), after: charge({ amount_refunded: 2500 }) }, ctx);
    assert.equal(event?.body.type, 'refund');
    assert.deepEqual(event?.body.type === 'refund' && [event.body.amount.by_currency, event.body.amount_refunded.by_currency], [
      [{ currency: 'usd', amount: 1500 }],
      [{ currency: 'usd', amount: 2500 }],
    ]);
  });
});
