import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fraction } from './exact.ts';

describe('Fraction.roundHalfAwayFromZero (rule 6)', () => {
  const rows: Array<[string, Fraction, number]> = [
    ['5/2 → 3', Fraction.of(5, 2), 3],
    ['-5/2 → -3', Fraction.of(-5, 2), -3],
    ['7/3 → 2', Fraction.of(7, 3), 2],
    ['8/3 → 3', Fraction.of(8, 3), 3],
    ['-1/3 → 0, not -0', Fraction.of(-1, 3), 0],
    ['a negative denominator moves the sign: 5/-2 → -3', Fraction.of(5, -2), -3],
    ['decimal parts: 0.5 / 1 → 1', Fraction.of('0.5'), 1],
    ['1000 × 52 / 24 → 2167', Fraction.of(1000 * 52, 24), 2167],
    ['large: (10^15 + 0.5) → 10^15 + 1', Fraction.of('1000000000000000.5'), 1_000_000_000_000_001],
  ];
  for (const [name, value, expected] of rows) it(name, () => assert.equal(Object.is(value.roundHalfAwayFromZero(), expected), true));

  it('stays exact through division and back: 1/3 × 3 is exactly 1, then 1.5 rounds to 2', () => {
    assert.equal(Fraction.of(1).dividedBy(3).times(3).plus(Fraction.of(1, 2)).roundHalfAwayFromZero(), 2);
  });

  it('an exact half reached through ÷ 1.2 still rounds up: 1.2 × 2.5 ÷ 1.2', () => {
    assert.equal(Fraction.of('1.2').times('2.5').dividedBy('1.2').roundHalfAwayFromZero(), 3);
  });

  it('rejects a zero denominator', () => assert.throws(() => Fraction.of(1, 0), RangeError));
});
