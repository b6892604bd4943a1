import { Dec } from './exact.ts';

/** Prefers Stripe's `*_decimal` string, which can hold fractions of a minor unit; undefined when both are unset. */
export function decimalAmount(decimal: string | null | undefined, integer: number | null | undefined): Dec | undefined {
  if (decimal !== null && decimal !== undefined) return new Dec(decimal);
  if (integer !== null && integer !== undefined) return new Dec(integer);
  return undefined;
}
