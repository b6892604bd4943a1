import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChannelPolicy } from './alert-rules.ts';
import { dayStart, planSends, quietUntil } from './channel-pacing.ts';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('quiet hours across midnight, in two time zones', () => {
  const berlin = { from: 22 * 60, to: 7 * 60, timeZone: 'Europe/Berlin' };
  const newYork = { from: 22 * 60, to: 7 * 60, timeZone: 'America/New_York' };
  const cases: Array<[string, typeof berlin, string, string | undefined]> = [
    ['Berlin 21:59 is not quiet', berlin, '2026-11-30T20:59:00Z', undefined],
    ['Berlin 22:00 is quiet until 07:00 the next morning', berlin, '2026-11-30T21:00:00Z', '2026-12-01T06:00:00.000Z'],
    ['Berlin 03:30, past midnight, still quiet', berlin, '2026-12-01T02:30:00Z', '2026-12-01T06:00:00.000Z'],
    ['Berlin 07:00 is not', berlin, '2026-12-01T06:00:00Z', undefined],
    ['the same instant is 17:00 in New York: not quiet', newYork, '2026-11-30T22:00:00Z', undefined],
    ['New York 23:30 is quiet until 07:00 there', newYork, '2026-12-01T04:30:00Z', '2026-12-01T12:00:00.000Z'],
    ['New York 02:00 on the night clocks go back: 07:00 EST', newYork, '2026-11-01T06:00:00Z', '2026-11-01T12:00:00.000Z'],
    ['Berlin on the night clocks go forward: 07:00 CEST', berlin, '2026-03-29T00:30:00Z', '2026-03-29T05:00:00.000Z'],
  ];
  for (const [what, quiet, now, until] of cases) test(what, () => assert.equal(iso(quietUntil(quiet, utc(now))), until));

  test('quiet hours within a day (13:00–14:00)', () => {
    const lunch = { from: 13 * 60, to: 14 * 60, timeZone: 'UTC' };
    assert.equal(iso(quietUntil(lunch, utc('2026-12-01T13:15:00Z'))), '2026-12-01T14:00:00.000Z');
    assert.equal(quietUntil(lunch, utc('2026-12-01T14:00:00Z')), undefined);
  });

  test('the daily cap’s day starts at local midnight', () => {
    assert.equal(iso(dayStart({ cooldownSeconds: 0, groupFrom: 0, quietHours: berlin }, utc('2026-12-01T10:00:00Z'))), '2026-11-30T23:00:00.000Z');
    assert.equal(iso(dayStart({ cooldownSeconds: 0, groupFrom: 0 }, utc('2026-12-01T10:00:00Z'))), '2026-12-01T00:00:00.000Z');
  });
});

describe('pacing a channel', () => {
  const now = utc('2026-12-01T12:00:00Z');
  const plain: ChannelPolicy = { cooldownSeconds: 0, groupFrom: 0 };
  const due = (n: number, urgent = false) => Array.from({ length: n }, (_, i) => ({ alertId: `${urgent ? 'u' : 'a'}${i}`, urgent }));
  const fresh = { lastSentAt: null, sentToday: 0 };

  test('unpaced: one message each, now', () => {
    assert.deepEqual(planSends(due(2), plain, fresh, now, false), { send: [['a0'], ['a1']], wait: [], toDigest: [] });
  });

  test('quiet: held for the digest when the channel has one, else until the quiet hours end; urgent ones go', () => {
    const quiet: ChannelPolicy = { ...plain, quietHours: { from: 11 * 60, to: 13 * 60, timeZone: 'UTC' } };
    assert.deepEqual(planSends([...due(1), ...due(1, true)], quiet, fresh, now, true), { send: [['u0']], wait: [], toDigest: ['a0'] });
    assert.deepEqual(planSends(due(1), quiet, fresh, now, false), { send: [], wait: [{ alertIds: ['a0'], untilMs: utc('2026-12-01T13:00:00Z') }], toDigest: [] });
  });

  test('a cooldown holds what comes due until it ends, then a burst goes as one message', () => {
    const paced: ChannelPolicy = { ...plain, cooldownSeconds: 600, groupFrom: 3 };
    const recently = { lastSentAt: now - 60_000, sentToday: 1 };
    assert.deepEqual(planSends(due(3), paced, recently, now, false), { send: [], wait: [{ alertIds: ['a0', 'a1', 'a2'], untilMs: now + 540_000 }], toDigest: [] });
    assert.deepEqual(planSends(due(3), paced, { ...recently, lastSentAt: now - 600_000 }, now, false).send, [['a0', 'a1', 'a2']]);
    assert.deepEqual(planSends(due(2), paced, fresh, now, false).send, [['a0'], ['a1']], 'two are not a burst');
  });

  test('past the daily cap: the rest to the digest, or the next day', () => {
    const capped: ChannelPolicy = { ...plain, dailyCap: 5 };
    assert.deepEqual(planSends(due(3), capped, { lastSentAt: now, sentToday: 3 }, now, true), { send: [['a0'], ['a1']], wait: [], toDigest: ['a2'] });
    assert.deepEqual(planSends(due(1), capped, { lastSentAt: now, sentToday: 5 }, now, false).wait, [{ alertIds: ['a0'], untilMs: utc('2026-12-02T00:00:00Z') }]);
  });
});
