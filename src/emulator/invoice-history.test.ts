import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { DAY } from './calendar.ts';
import { expectedMrrSeries } from './expected-mrr.ts';
import { DEFAULT_NOW, generateAccount } from './generate-account.ts';
import type { EmulatorState } from './state.ts';

const state = generateAccount({ seed: 1 });
const subs = [...state.collection('subscription').values()];
const invoices = [...state.collection('invoice').values()];
const subscriptionOf = (invoice: StripeInvoice) => invoice.parent?.subscription_details?.subscription ?? '';
const bySubscription = new Map<string, StripeInvoice[]>();
for (const invoice of invoices) bySubscription.set(subscriptionOf(invoice), [...(bySubscription.get(subscriptionOf(invoice)) ?? []), invoice]);
const invoicesOf = (sub: StripeSubscription) => (bySubscription.get(sub.id) ?? []).sort((a, b) => a.period_start - b.period_start);
const counting = (invoice: StripeInvoice) => invoice.status === 'paid' || invoice.status === 'open';
const ENDED = ['canceled', 'incomplete_expired'];

describe('generated invoice history', () => {
  test('every invoice belongs to a subscription, and its lines carry period, price and item', () => {
    for (const invoice of invoices) {
      assert.ok(state.get('subscription', subscriptionOf(invoice)), invoice.id);
      assert.ok(invoice.period_start < invoice.period_end && invoice.period_start <= DEFAULT_NOW);
      let total = 0;
      for (const line of invoice.lines.data) {
        assert.deepEqual(line.period, { start: invoice.period_start, end: invoice.period_end });
        assert.equal(line.parent?.subscription_item_details?.subscription, subscriptionOf(invoice));
        assert.ok(state.get('price', line.pricing?.price_details?.price ?? ''));
        total += line.amount - line.discount_amounts.reduce((sum, d) => sum + d.amount, 0);
      }
      assert.equal(invoice.total, total);
      assert.equal(invoice.amount_paid, invoice.status === 'paid' ? total : 0);
    }
  });

  test('periods of one subscription item never overlap', () => {
    const periods = new Map<string, Array<{ start: number; end: number }>>();
    for (const invoice of invoices) {
      for (const line of invoice.lines.data) {
        const item = line.parent?.subscription_item_details?.subscription_item ?? '';
        periods.set(item, [...(periods.get(item) ?? []), line.period]);
      }
    }
    for (const [item, list] of periods) {
      list.sort((a, b) => a.start - b.start);
      list.slice(1).forEach((p, i) => assert.ok(p.start >= (list[i] as { end: number }).end, item));
    }
  });

  test("a running subscription's current state matches its latest invoice", () => {
    const expectedStatus = { active: 'paid', past_due: 'open', unpaid: 'uncollectible' } as Record<string, string>;
    let checked = 0;
    for (const sub of subs.filter((s) => !ENDED.includes(s.status))) {
      const latest = invoicesOf(sub).at(-1);
      if (!latest) {
        assert.ok(['trialing', 'paused', 'incomplete'].includes(sub.status), `${sub.id} ${sub.status} has no invoice`);
        continue;
      }
      checked += 1;
      assert.equal(latest.status, sub.pause_collection ? 'void' : expectedStatus[sub.status], sub.id);
      assert.deepEqual(
        latest.lines.data.map((l) => [l.parent?.subscription_item_details?.subscription_item, l.pricing?.price_details?.price, l.period.start, l.period.end]),
        sub.items.data.map((i) => [i.id, i.price.id, i.current_period_start, i.current_period_end]),
      );
      latest.lines.data.forEach((line, i) => {
        const quantity = sub.items.data[i]?.quantity;
        if (quantity !== null) assert.equal(line.quantity, quantity);
      });
    }
    assert.ok(checked > 200, `${checked}`);
  });

  test('ended subscriptions are billed up to ended_at and no further', () => {
    for (const sub of subs.filter((s) => ENDED.includes(s.status))) {
      const list = invoicesOf(sub);
      const endedAt = sub.ended_at as number;
      for (const invoice of list) {
        assert.ok(invoice.created <= endedAt, sub.id);
        if (counting(invoice)) assert.ok(invoice.period_end <= endedAt, sub.id);
      }
      const lastPaid = list.filter(counting).at(-1);
      if (lastPaid) assert.equal(lastPaid.period_end, endedAt, sub.id);
    }
  });

  test('no subscription is invoiced during its trial', () => {
    for (const sub of subs.filter((s) => s.trial_end !== null)) {
      for (const invoice of invoicesOf(sub)) assert.ok(invoice.period_start >= (sub.trial_end as number), sub.id);
    }
  });

  test('charges are linked to their invoices; payments fail and get refunded', () => {
    const charges = [...state.collection('charge').values()];
    const paidBy = new Set<string>();
    for (const charge of charges.filter((c) => c.invoice)) {
      const invoice = state.get('invoice', charge.invoice as string);
      assert.ok(invoice && invoice.customer === charge.customer && invoice.total === charge.amount, charge.id);
      if (charge.status === 'succeeded') paidBy.add(invoice.id);
      else assert.ok(invoice.status !== 'paid' || charges.some((c) => c.invoice === invoice.id && c.status === 'succeeded'));
    }
    for (const invoice of invoices.filter((i) => i.status === 'paid' && i.total > 0)) assert.ok(paidBy.has(invoice.id), invoice.id);
    assert.ok(charges.some((c) => c.invoice && c.status === 'failed'));
    assert.ok(charges.some((c) => c.invoice && c.refunded));
  });

  test('the history holds upgrades, downgrades, lapsed trials, failed-payment churn and reactivations', () => {
    let changed = 0;
    for (const sub of subs) {
      const configs = new Set(invoicesOf(sub).filter(counting).map((i) => JSON.stringify(i.lines.data.map((l) => [l.pricing?.price_details?.price, l.quantity]).filter((_, k) => i.lines.data[k]?.quantity !== null))));
      if (configs.size > 1) changed += 1;
    }
    assert.ok(changed >= 10, `changed: ${changed}`);
    const lapsed = subs.filter((s) => s.status === 'canceled' && s.trial_end !== null && s.ended_at === s.trial_end && invoicesOf(s).length === 0);
    assert.ok(lapsed.length >= 3, `lapsed: ${lapsed.length}`);
    const failedChurn = subs.filter((s) => s.status === 'canceled' && invoicesOf(s).some((i) => i.status === 'void' || i.status === 'uncollectible'));
    assert.ok(failedChurn.length >= 3, `failed churn: ${failedChurn.length}`);
    const reactivated = subs.filter((s) => subs.some((o) => o.customer === s.customer && o.status === 'canceled' && o.ended_at !== null && o.ended_at < s.created && invoicesOf(o).length > 0));
    assert.ok(reactivated.length >= 5, `reactivated: ${reactivated.length}`);
    const starts = subs.map((s) => s.created);
    assert.ok(Math.min(...starts) < DEFAULT_NOW - 500 * DAY && Math.max(...starts) > DEFAULT_NOW - 30 * DAY);
  });

  test('MRR read back from the invoices (rule 10) stays within rounding of the plan', () => {
    const instants = Array.from({ length: 19 }, (_, m) => DEFAULT_NOW - m * 30 * DAY - 1);
    const expected = expectedMrrSeries(state, instants);
    instants.forEach((at, i) => {
      const fromInvoices = invoiceMrrAt(state, at);
      const plan = (expected[i] as { mrr: Record<string, number> }).mrr;
      const subscriptions = invoices.filter((inv) => counting(inv) && inv.period_start <= at && at < inv.period_end).length;
      for (const currency of new Set([...Object.keys(plan), ...Object.keys(fromInvoices)])) {
        const diff = Math.abs((plan[currency] ?? 0) - (fromInvoices[currency] ?? 0));
        assert.ok(diff <= Math.max(2, subscriptions / 10), `${currency} at ${at}: ${plan[currency]} vs ${fromInvoices[currency]}`);
      }
    });
  });

  test('with exactInvoices, MRR read back from the invoices equals the plan to the minor unit', () => {
    const exact = generateAccount({ seed: 3, exactInvoices: true });
    const instants = Array.from({ length: 60 }, (_, k) => DEFAULT_NOW - k * 9 * DAY - 1);
    const expected = expectedMrrSeries(exact, instants);
    instants.forEach((at, i) => assert.deepEqual(invoiceMrrAt(exact, at), (expected[i] as { mrr: Record<string, number> }).mrr, `at ${at}`));
    const lines = [...exact.collection('invoice').values()].flatMap((invoice) => invoice.lines.data);
    assert.ok(lines.some((line) => line.discount_amounts.length > 0));
  });
});

/** Rule 10 straight from the invoices covering `at`: per invoice, licensed lines net of forever discounts, rounded once. */
function invoiceMrrAt(source: EmulatorState, at: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const invoice of source.collection('invoice').values()) {
    if (!counting(invoice) || !(invoice.period_start <= at && at < invoice.period_end)) continue;
    let monthly = new Decimal(0);
    for (const line of invoice.lines.data) {
      const price = source.get('price', line.pricing?.price_details?.price ?? '');
      if (!price?.recurring || price.recurring.usage_type !== 'licensed') continue;
      const forever = line.discount_amounts.filter((d) => source.get('coupon', String(source.discounts.get(String(d.discount))?.source.coupon))?.duration === 'forever');
      const perYear = { day: 365, week: 52, month: 12, year: 1 }[price.recurring.interval];
      monthly = monthly.plus(new Decimal(line.amount - forever.reduce((s, d) => s + d.amount, 0)).times(perYear).dividedBy(12 * price.recurring.interval_count));
    }
    const rounded = monthly.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    if (rounded !== 0) totals[invoice.currency] = (totals[invoice.currency] ?? 0) + rounded;
  }
  return totals;
}
