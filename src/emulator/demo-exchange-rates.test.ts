import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENCIES } from './generate-catalog.ts';
import { demoExchangeRates } from './demo-exchange-rates.ts';

describe('demoExchangeRates', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['usd', { eur: '1.08', gbp: '1.27', jpy: '0.0067' }],
    ['USD', { eur: '1.08', gbp: '1.27', jpy: '0.0067' }],
    ['eur', { usd: '0.925926', gbp: '1.17593', jpy: '0.0062037' }],
    ['jpy', { usd: '149.254', eur: '161.194', gbp: '189.552' }],
    ['chf', {}],
  ];
  for (const [reporting, expected] of cases) {
    it(`into ${reporting}`, () => assert.deepEqual(Object.fromEntries(demoExchangeRates(reporting)), expected));
  }

  it('covers every currency the generated account bills in', () => {
    const rates = demoExchangeRates('usd');
    for (const [{ code }] of CURRENCIES) assert.ok(code === 'usd' || rates.has(code), code);
  });
});
