import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALERT_BODIES } from '../../test/support/alert-bodies.ts';
import { emailMessage } from './email-message.ts';

describe('alert e-mails', () => {
  test('every type: a one-line subject naming the type, the customer and the amount', () => {
    const subjects = Object.values(ALERT_BODIES).map((body) => emailMessage(body).subject);
    assert.deepEqual(subjects, [
      '[Revenue Agent] Churn: Ada <Lovelace> & Co, -$25.00 MRR',
      '[Revenue Agent] New customer: Ada <Lovelace> & Co, +$25.00 MRR',
      '[Revenue Agent] Expansion: Ada <Lovelace> & Co, +€20.00, +$5.00 (+$27.00 in all) MRR',
      '[Revenue Agent] Contraction: Ada <Lovelace> & Co, -$10.00 MRR',
      '[Revenue Agent] Reactivation: Ada <Lovelace> & Co, +$25.00 MRR',
      '[Revenue Agent] Test alert: Ada <Lovelace> & Co, +$10.00 MRR',
      '[Revenue Agent] Payment failed: Ada <Lovelace> & Co, $25.00',
      '[Revenue Agent] Payment recovered: Ada <Lovelace> & Co, $25.00',
      '[Revenue Agent] Refund: no customer, $10.00',
      '[Revenue Agent] Dispute: Ada <Lovelace> & Co, ¥5,000 (no exchange rate for a total)',
      '[Revenue Agent] Trial ending: Ada <Lovelace> & Co, ends 2026-03-04 09:30:00 UTC',
      '[Revenue Agent] Set to cancel: Ada <Lovelace> & Co, $25.00 MRR at risk',
      '[Revenue Agent] MRR threshold: MRR reached $100,000.00',
      '[Revenue Agent] MRR week on week: +12.00% MRR in a week',
      '[Revenue Agent] Revenue digest: +$25.00 MRR',
      '[Revenue Agent] 2 alerts: New customer: Ada <Lovelace> & Co, +$25.00 MRR; Payment failed: Ada <Lovelace> & Co, $25.00',
    ]);
  });

  test('a name with line breaks stays on the subject line; the HTML escapes it', () => {
    const body = { ...ALERT_BODIES.churn, customer: { id: 'cus_x', name: 'Eve\r\nBcc: all@example.com', email: null } };
    const { subject, html, text } = emailMessage(body);
    assert.equal(subject, '[Revenue Agent] Churn: Eve Bcc: all@example.com, -$25.00 MRR');
    assert.match(text, /^Churn: Eve\r\nBcc/, 'the body may hold it as it is');
    assert.ok(html.includes('<td>Eve\r\nBcc: all@example.com (cus_x)</td>'));
    assert.ok(emailMessage(ALERT_BODIES.churn).html.includes('<td>Ada &lt;Lovelace&gt; &amp; Co &lt;ada@example.com&gt; (cus_ada)</td>'));
  });
});
