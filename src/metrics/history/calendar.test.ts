// UTC dates and calendar-aligned periods for the series.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, parseDate, parseMonth } from './calendar.ts';
import { periodsBetween, type SeriesRange } from './periods.ts';

describe('parseDate / parseMonth', () => {
  const valid: Array<[string, number]> = [
    ['1970-01-01', 0],
    ['2024-02-29', 1_709_164_800],
    ['2025-12-31', 1_767_139_200],
  ];
  for (const [text, seconds] of valid) it(`${text} is ${seconds}`, () => assert.equal(parseDate(text), seconds));
  for (const text of ['2025-02-29', '2025-13-01', '2025-1-01', '2025-01-01T00:00', '', '20250101']) {
    it(`rejects "${text}"`, () => assert.throws(() => parseDate(text), RangeError));
  }
  it('parses months and rejects month 13', () => {
    assert.equal(formatDate(parseMonth('2025-03')), '2025-03-01');
    assert.throws(() => parseMonth('2025-13'), RangeError);
  });
});

describe('periodsBetween', () => {
  const rows: Array<{ name: string; range: SeriesRange; labels: string[]; lastDays: string[] }> = [
    {
      name: 'weeks start on Monday (2025-01-01 is a Wednesday)',
      range: { from: '2025-01-01', to: '2025-01-19', interval: 'week' },
      labels: ['2024-12-30', '2025-01-06', '2025-01-13'],
      lastDays: ['2025-01-05', '2025-01-12', '2025-01-19'],
    },
    {
      name: '`to` inside the last period cuts it short',
      range: { from: '2025-01-15', to: '2025-03-10', interval: 'month' },
      labels: ['2025-01', '2025-02', '2025-03'],
      lastDays: ['2025-01-31', '2025-02-28', '2025-03-10'],
    },
    {
      name: 'a Sunday `to` inside a week',
      range: { from: '2025-01-06', to: '2025-01-08', interval: 'week' },
      labels: ['2025-01-06'],
      lastDays: ['2025-01-08'],
    },
    {
      name: 'days, across a leap day',
      range: { from: '2024-02-28', to: '2024-03-01', interval: 'day' },
      labels: ['2024-02-28', '2024-02-29', '2024-03-01'],
      lastDays: ['2024-02-28', '2024-02-29', '2024-03-01'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const periods = periodsBetween(row.range);
      assert.deepEqual(periods.map((p) => p.label), row.labels);
      assert.deepEqual(periods.map((p) => p.lastDay), row.lastDays);
    });
  }
  it('rejects from after to, unknown intervals, and huge ranges', () => {
    assert.throws(() => periodsBetween({ from: '2025-02-01', to: '2025-01-01', interval: 'day' }), RangeError);
    assert.throws(() => periodsBetween({ from: '2025-01-01', to: '2025-02-01', interval: 'year' as never }), RangeError);
    assert.throws(() => periodsBetween({ from: '1990-01-01', to: '2025-02-01', interval: 'day' }), RangeError);
  });
});
