// Rule 12: the month's rates, including the spec's worked example.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MrrInterval } from './mrr-interval.ts';
import { monthSummary } from './month-summary.ts';
import { at, ledgerOf, NOW, sub, trialsOf, USD } from './test-fixtures.ts';

const NO_TRIALS = { trialsEnded: 0, converted: 0 };

const iv = (customerId: string, start: string, end: string | null, mrr: number, subscriptionId = `s_${customerId}`): MrrInterval =>
  ({ subscriptionId, customerId, currency: 'usd', start: at(start), end: end === null ? null : at(end), mrr });

/** The spec's example for March 2025: 100 paying customers and 10000 MRR at its start. */
function workedExample(): MrrInterval[] {
  const intervals: MrrInterval[] = [];
  for (let c = 0; c < 9; c++) intervals.push(iv(`churn${c}`, '2024-01-01', '2025-03-10', 100));
  intervals.push(iv('churn9', '2024-01-01', '2025-03-10', 50));
  intervals.push(iv('newThenGone', '2025-03-05', '2025-03-20', 50)); // started and churned in March
  for (let c = 0; c < 10; c++) intervals.push(iv(`down${c}`, '2024-01-01', '2025-03-15', 200), iv(`down${c}`, '2025-03-15', null, 100));
  for (let c = 0; c < 10; c++) intervals.push(iv(`up${c}`, '2024-01-01', null, 100), iv(`up${c}`, '2025-03-12', null, 100, `s_up${c}_2`));
  intervals.push(iv('rest0', '2024-01-01', null, 47));
  for (let c = 1; c < 70; c++) intervals.push(iv(`rest${c}`, '2024-01-01', null, 87));
  return intervals;
}

describe('monthSummary (rule 12)', () => {
  it('the worked example: churn rate 10%, gross MRR churn 20%, net 10%', () => {
    const s = monthSummary(ledgerOf(workedExample(), USD), USD, NO_TRIALS, '2025-03', NOW);
    assert.equal(s.payingCustomersAtStart, 100);
    assert.equal(s.mrrAtStart, 10000);
    assert.deepEqual(s.movements, { new: 50, expansion: 1000, contraction: -1000, churn: -1000, reactivation: 0, net: -950 });
    assert.equal(s.churnedCustomers, 10);
    assert.deepEqual(s.customerChurnRate, { value: '0.1000', reason: null });
    assert.deepEqual(s.grossMrrChurn, { value: '0.2000', reason: null });
    assert.deepEqual(s.netMrrChurn, { value: '0.1000', reason: null });
    assert.deepEqual(s.quickRatio, { value: '0.5250', reason: null }); // (50 + 1000) ÷ 2000
    assert.equal(s.mrrAtEnd, 9050);
    assert.equal(s.payingCustomersAtEnd, 90);
    assert.deepEqual(s.arpa, { value: 101, reason: null }); // 100.56
    // Churn over Oct–Mar averages 0.1 ÷ 6, so LTV = (9050 ÷ 90) ÷ (0.1 ÷ 6) = 6033.3, from the unrounded ARPA.
    assert.deepEqual(s.ltv, { value: 6033, reason: null });
  });

  it('LTV uses the six complete months before a running month', () => {
    // In mid-April, April is incomplete: the window is Oct–Mar, the same as March's.
    const s = monthSummary(ledgerOf(workedExample(), USD), USD, NO_TRIALS, '2025-04', at('2025-04-15'));
    assert.deepEqual(s.ltv, { value: 6033, reason: null });
    // Once April is complete, its own 0 churn joins the window (Nov–Apr) and March's 0.1 still counts.
    assert.deepEqual(monthSummary(ledgerOf(workedExample(), USD), USD, NO_TRIALS, '2025-04', NOW).ltv, { value: 6033, reason: null });
  });

  it('gives null with a reason where a denominator is 0', () => {
    const s = monthSummary(ledgerOf([], USD), USD, NO_TRIALS, '2025-03', NOW);
    assert.deepEqual(s.customerChurnRate, { value: null, reason: 'no paying customers at the start of the month' });
    assert.deepEqual(s.grossMrrChurn, { value: null, reason: 'no MRR at the start of the month' });
    assert.deepEqual(s.netMrrChurn, { value: null, reason: 'no MRR at the start of the month' });
    assert.deepEqual(s.arpa, { value: null, reason: 'no paying customers at the end of the month' });
    assert.deepEqual(s.quickRatio, { value: null, reason: 'no churn or contraction in the month' });
    assert.deepEqual(s.trialConversion.rate, { value: null, reason: 'no trial ended in the month' });
  });

  it('LTV is null when nobody churned in the last six complete months', () => {
    const s = monthSummary(ledgerOf([iv('a', '2024-01-01', null, 1000)], USD), USD, NO_TRIALS, '2025-03', NOW);
    assert.deepEqual(s.ltv, { value: null, reason: 'no customer churn in the last 6 complete months' });
    assert.deepEqual(s.arpa, { value: 1000, reason: null });
  });

  it('trial conversion: of trials that ended in the month, the share with MRR after their end', () => {
    const trial = (id: string, end: string, endedAt: string | null = null) =>
      sub(id, `c_${id}`, { trial_start: at('2025-02-20'), trial_end: at(end), ended_at: endedAt === null ? null : at(endedAt) });
    const subscriptions = [
      trial('paid', '2025-03-06'),
      trial('lapsed', '2025-03-10'),
      trial('canceled', '2025-04-03', '2025-03-25'), // canceled during the trial: ended in March
      trial('april', '2025-04-02'),
      sub('noTrial', 'c_noTrial'),
    ];
    const intervals = [iv('c_paid', '2025-03-06', null, 5000, 'paid'), iv('c_april', '2025-04-02', null, 5000, 'april')];
    const s = monthSummary(ledgerOf(intervals, USD), USD, trialsOf(subscriptions, intervals, '2025-03'), '2025-03', NOW);
    assert.deepEqual(s.trialConversion, { trialsEnded: 3, converted: 1, rate: { value: '0.3333', reason: null } });
  });

  it('a trial is not MRR: trialing customers are not paying', () => {
    const s = monthSummary(ledgerOf([], USD), USD, trialsOf([sub('t', 'c', { status: 'trialing', trial_start: at('2025-03-01'), trial_end: at('2025-03-15') })], [], '2025-03'), '2025-03', NOW);
    assert.equal(s.payingCustomersAtEnd, 0);
    assert.deepEqual(s.trialConversion, { trialsEnded: 1, converted: 0, rate: { value: '0.0000', reason: null } });
  });
});
