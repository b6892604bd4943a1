import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyDecimals, toMajorUnits } from './currency.ts';

describe('currencyDecimals (rule 7)', () => {
  const zero = ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf'];
  const three = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];
  const rows: Array<[string, 0 | 2 | 3]> = [
    ...zero.map((code): [string, 0] => [code, 0]),
    ...three.map((code): [string, 3] => [code, 3]),
    ['usd', 2], ['eur', 2], ['gbp', 2], ['JPY', 0], ['KWD', 3],
  ];
  for (const [code, decimals] of rows) it(`${code} has ${decimals}`, () => assert.equal(currencyDecimals(code), decimals));
});

describe('toMajorUnits', () => {
  const rows: Array<[number, string, number]> = [
    [12345, 'usd', 123.45],
    [3000, 'jpy', 3000],
    [1234, 'kwd', 1.234],
    [1, 'usd', 0.01],
    [0, 'eur', 0],
    [-500, 'usd', -5],
    [3000, 'JPY', 3000],
    [123456789012, 'usd', 1234567890.12],
  ];
  for (const [minor, code, major] of rows) it(`${minor} ${code} → ${major}`, () => assert.equal(toMajorUnits(minor, code), major));
});
