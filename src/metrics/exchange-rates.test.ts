import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExchangeRates } from './exchange-rates.ts';

describe('parseExchangeRates', () => {
  const valid: Array<[string, Array<[string, string]>]> = [
    ['eur=1.10,jpy=0.0067', [['eur', '1.10'], ['jpy', '0.0067']]],
    ['EUR=1.085', [['eur', '1.085']]],
    [' eur = 1.1 , gbp=1.27 ', [['eur', '1.1'], ['gbp', '1.27']]],
    ['kwd=3', [['kwd', '3']]],
    ['eur=.9', [['eur', '.9']]],
    ['', []],
    ['   ', []],
  ];
  for (const [text, entries] of valid) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parseExchangeRates(text), new Map(entries)));
  }

  const invalid: Array<[string, RegExp]> = [
    ['eur', /should look like eur=1.10/],
    ['eur=1=2', /should look like eur=1.10/],
    ['eur=', /not a plain positive decimal/],
    ['eur=abc', /not a plain positive decimal/],
    ['eur=-1', /not a plain positive decimal/],
    ['eur=1e3', /not a plain positive decimal/],
    ['eur=Infinity', /not a plain positive decimal/],
    ['eur=0', /greater than 0/],
    ['eur=0.000', /greater than 0/],
    ['euro=1.1', /not a three-letter currency code/],
    ['=1.1', /not a three-letter currency code/],
    ['eur=1.1,eur=1.2', /eur is given more than once/],
    ['eur=1.1,EUR=1.2', /eur is given more than once/],
    ['eur=1.1,', /#2 is empty/],
    ['eur=1.1;jpy=0.0067', /should look like eur=1.10/],
  ];
  for (const [text, message] of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.throws(() => parseExchangeRates(text), message));
  }
});
