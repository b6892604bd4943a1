import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMinor, formatMoney } from './format-money.ts';

describe('money in alert messages', () => {
  const cases: Array<[number, string, boolean, string]> = [
    [2500, 'usd', false, '$25.00'],
    [1999, 'eur', false, '€19.99'],
    [-2500, 'usd', true, '-$25.00'],
    [2500, 'usd', true, '+$25.00'],
    [0, 'usd', true, '$0.00'],
    [2500, 'jpy', false, '¥2,500'],
    [1234567, 'kwd', false, 'KWD\u00a01,234.567'],
    [123456789, 'gbp', false, '£1,234,567.89'],
    [5, 'xyz', false, 'XYZ\u00a00.05'],
  ];
  for (const [amount, currency, signed, expected] of cases) {
    test(`${amount} ${currency}${signed ? ' (a change)' : ''}: ${expected}`, () => assert.equal(formatMinor(amount, currency, signed), expected));
  }

  test('one currency, several with their total, a total without a rate, nothing', () => {
    const usd = (amount: number) => ({ currency: 'usd', amount });
    assert.equal(formatMoney({ by_currency: [usd(2500)], reporting: usd(2500) }), '$25.00');
    assert.equal(formatMoney({ by_currency: [{ currency: 'eur', amount: 2000 }, usd(500)], reporting: usd(2700) }, true), '+€20.00, +$5.00 (+$27.00 in all)');
    assert.equal(formatMoney({ by_currency: [{ currency: 'brl', amount: 900 }], reporting: { currency: 'usd', amount: null } }), 'R$9.00 (no exchange rate for a total)');
    assert.equal(formatMoney({ by_currency: [], reporting: usd(0) }), '$0.00');
  });
});
