import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toMajorString } from '../metrics/index.ts';
import { csvField, toCsv, type CsvValue } from './csv.ts';

const fields: Array<[CsvValue, string]> = [
  ['plain', 'plain'],
  [null, ''],
  [12, '12'],
  ['-12.50', '-12.50'],
  ['Doe, Jane', '"Doe, Jane"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['=cmd|\' /C calc\'!A0', '\'=cmd|\' /C calc\'!A0'],
  ['=cmd|\' /C calc\'!A0, "Doe, Jane"', '"\'=cmd|\' /C calc\'!A0, ""Doe, Jane"""'],
  ['+1+1', "'+1+1"],
  ['-1+1', "'-1+1"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\tx', "'\tx"],
  ['\rx', '"\'\rx"'],
  ['a=b', 'a=b'],
];

describe('csvField', () => {
  for (const [value, expected] of fields) it(`${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => assert.equal(csvField(value), expected));
});

describe('toCsv', () => {
  it('a header row, then one row per record, CRLF line ends', () => {
    assert.equal(toCsv(['date', 'mrr'], [['2026-01-31', '10.00'], ['2026-02-28', null]]), 'date,mrr\r\n2026-01-31,10.00\r\n2026-02-28,\r\n');
  });
});

describe('toMajorString', () => {
  const cases: Array<[number, string, string]> = [
    [12340, 'usd', '123.40'],
    [-5, 'usd', '-0.05'],
    [0, 'eur', '0.00'],
    [1234, 'jpy', '1234'],
    [1234, 'kwd', '1.234'],
  ];
  for (const [minor, currency, expected] of cases) it(`${minor} ${currency} → ${expected}`, () => assert.equal(toMajorString(minor, currency), expected));
});
