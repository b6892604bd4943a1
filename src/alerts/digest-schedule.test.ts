import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digestPeriod, dueRun } from './digest-schedule.ts';

const at = (iso: string) => new Date(iso);

describe('digest schedules', () => {
  const mondayBerlin = { schedule: '0 9 * * 1', timeZone: 'Europe/Berlin' };
  const cases: Array<[string, { schedule: string; timeZone: string }, string, string, string | undefined]> = [
    ['Monday 09:00 in Berlin is 08:00 UTC in winter', mondayBerlin, '2026-11-23T08:00:00Z', '2026-11-30T08:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['not yet', mondayBerlin, '2026-11-23T08:00:00Z', '2026-11-30T07:59:59Z', undefined],
    ['07:00 UTC in summer', mondayBerlin, '2026-06-01T07:00:00Z', '2026-06-08T07:00:30Z', '2026-06-08T07:00:00.000Z'],
    ['weeks missed while down are one digest, the latest', mondayBerlin, '2026-11-02T08:00:00Z', '2026-11-30T10:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['daily 08:00 in Tokyo is 23:00 UTC the day before', { schedule: '0 8 * * *', timeZone: 'Asia/Tokyo' }, '2026-11-29T23:00:00Z', '2026-11-30T23:00:05Z', '2026-11-30T23:00:00.000Z'],
  ];
  for (const [what, rule, after, now, expected] of cases) {
    test(what, () => assert.equal(dueRun(rule, at(after), at(now))?.toISOString(), expected));
  }

  test('a period is the whole UTC days before each run: a Monday digest covers Monday to Sunday', () => {
    assert.deepEqual(digestPeriod(at('2026-11-23T08:00:00Z'), at('2026-11-30T08:00:00Z')), { from: '2026-11-22', to: '2026-11-29' });
    assert.deepEqual(digestPeriod(at('2026-11-30T07:00:00Z'), at('2026-11-30T08:00:00Z')), { from: '2026-11-28', to: '2026-11-29' }, 'never empty');
  });
});
