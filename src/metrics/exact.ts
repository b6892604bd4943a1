import { Decimal } from 'decimal.js';

/**
 * Money maths without binary floats. Inputs (unit_amount_decimal, percentages, rates) are finite
 * decimals, so products and sums stay exact given enough digits; only division can lose exactness
 * (÷ 12, ÷ 1.2), so quotients are carried as fractions and divided once, when rounding (rule 6).
 */
export const Dec = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export class Fraction {
  private constructor(
    readonly numerator: Decimal,
    /** Always > 0, so the sign lives in the numerator. */
    readonly denominator: Decimal,
  ) {}

  static of(value: Decimal.Value, denominator: Decimal.Value = 1): Fraction {
    const den = new Dec(denominator);
    if (!den.isFinite() || den.isZero()) throw new RangeError(`bad denominator ${denominator.toString()}`);
    const num = new Dec(value);
    return den.isNegative() ? new Fraction(num.neg(), den.neg()) : new Fraction(num, den);
  }

  static readonly ZERO = Fraction.of(0);

  plus(other: Fraction): Fraction {
    // Subscriptions usually share one denominator; skipping the cross-multiplication keeps digits small.
    if (this.denominator.eq(other.denominator)) {
      return new Fraction(this.numerator.plus(other.numerator), this.denominator);
    }
    return new Fraction(
      this.numerator.times(other.denominator).plus(other.numerator.times(this.denominator)),
      this.denominator.times(other.denominator),
    );
  }

  minus(other: Fraction): Fraction {
    return this.plus(new Fraction(other.numerator.neg(), other.denominator));
  }

  times(other: Fraction | Decimal.Value): Fraction {
    const o = other instanceof Fraction ? other : Fraction.of(other);
    return Fraction.of(this.numerator.times(o.numerator), this.denominator.times(o.denominator));
  }

  dividedBy(other: Fraction | Decimal.Value): Fraction {
    const o = other instanceof Fraction ? other : Fraction.of(other);
    return Fraction.of(this.numerator.times(o.denominator), this.denominator.times(o.numerator));
  }

  isPositive(): boolean {
    return this.numerator.gt(0);
  }

  /** Never below zero: a discount can take an amount down to 0, not past it (rule 3). */
  atLeastZero(): Fraction {
    return this.isPositive() ? this : Fraction.ZERO;
  }

  /** To the nearest integer, half away from zero, with exact integer division (no rounded quotient). */
  roundHalfAwayFromZero(): number {
    const num = this.numerator.abs();
    const twice = this.denominator.times(2);
    const rounded = num.times(2).plus(this.denominator).dividedToIntegerBy(twice);
    const value = (this.numerator.isNegative() ? rounded.neg() : rounded).toNumber();
    return value === 0 ? 0 : value; // no -0 in reports
  }
}
