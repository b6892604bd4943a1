// Normalising to a month divides by 12 × interval_count, so monthly amounts are exact integer fractions
// until the one rounding of rule 6; BigInt keeps them exact at any size.

/** numerator / denominator, denominator > 0. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

export const ZERO: Rational = { numerator: 0n, denominator: 1n };

export function addRational(a: Rational, b: Rational): Rational {
  if (a.denominator === b.denominator) return { numerator: a.numerator + b.numerator, denominator: a.denominator };
  return { numerator: a.numerator * b.denominator + b.numerator * a.denominator, denominator: a.denominator * b.denominator };
}

/** To the nearest integer, half away from zero. */
export function roundRational(r: Rational): number {
  const negative = r.numerator < 0n;
  const abs = negative ? -r.numerator : r.numerator;
  const rounded = (2n * abs + r.denominator) / (2n * r.denominator);
  return Number(negative ? -rounded : rounded);
}
