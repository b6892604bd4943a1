import { Decimal } from 'decimal.js';

// Rates are finite decimals and amounts integers, so conversions are exact products given enough digits.
export const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });
export type Exact = Decimal;
