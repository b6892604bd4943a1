import assert from 'node:assert/strict';
import { test } from 'node:test';
import Stripe from 'stripe';
import { failureKind, PermanentEventFailure, type FailureKind } from './event-failure.ts';

const stripeError = (statusCode: number) => Object.assign(new Error('from Stripe'), { statusCode, type: 'StripeAPIError' });
const sqlError = (code: string) => Object.assign(new Error('from the store'), { code });

const cases: Array<[string, unknown, FailureKind]> = [
  ['a shape we can not read', new PermanentEventFailure('discount without coupon'), 'permanent'],
  ['Stripe rate limit', stripeError(429), 'transient'],
  ['Stripe server error', stripeError(503), 'transient'],
  ['a key without the permission', stripeError(403), 'permanent'],
  ['an id Stripe will not take (431)', stripeError(431), 'permanent'],
  ['network to Stripe', new Stripe.errors.StripeConnectionError({ message: 'socket hang up' }), 'transient'],
  ['connection reset', sqlError('ECONNRESET'), 'transient'],
  ['backend terminated (57P01)', sqlError('57P01'), 'transient'],
  ['deadlock (40P01)', sqlError('40P01'), 'transient'],
  ['a NUL the store refuses (22P05)', sqlError('22P05'), 'permanent'],
  ['a not-null column left empty (23502)', sqlError('23502'), 'permanent'],
  ['nesting too deep (54001)', sqlError('54001'), 'permanent'],
  ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'coupon')"), 'unknown'],
  ['not even an error', 'boom', 'unknown'],
];

for (const [name, error, kind] of cases) {
  test(`failure kind: ${name} is ${kind}`, () => assert.equal(failureKind(error), kind));
}
