import { randomBytes } from 'node:crypto';
import { AccountBuilder } from './account-builder.ts';
import { EmulatorState } from './state.ts';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';

type SampleObject = { id: string; object: string };

/** The sample object behind each event type `trigger` can send: the types the service handles. */
const SAMPLES: Record<string, (b: AccountBuilder) => SampleObject> = {
  'customer.created': (b) => b.customer({ name: 'Sample Customer', email: 'sample@example.com' }),
  'customer.updated': (b) => b.customer({ name: 'Sample Customer', email: 'sample@example.com' }),
  'customer.deleted': (b) => ({ ...b.customer({}), deleted: true }),
  'customer.subscription.created': (b) => sampleSubscription(b),
  'customer.subscription.updated': (b) => sampleSubscription(b),
  'customer.subscription.paused': (b) => sampleSubscription(b),
  'customer.subscription.resumed': (b) => sampleSubscription(b),
  'customer.subscription.trial_will_end': (b) => sampleSubscription(b),
  'customer.subscription.deleted': (b) => {
    const now = b.state.now();
    return { ...sampleSubscription(b), status: 'canceled', canceled_at: now, ended_at: now };
  },
  'charge.succeeded': (b) => b.charge({ customer: b.customer({}), amount: 2000, currency: 'usd' }),
  'charge.updated': (b) => b.charge({ customer: b.customer({}), amount: 2000, currency: 'usd' }),
  'charge.refunded': (b) => b.charge({ customer: b.customer({}), amount: 2000, currency: 'usd', amountRefunded: 2000 }),
  'invoice.paid': (b) => b.invoice({ subscription: sampleSubscription(b), status: 'paid' }),
  'invoice.payment_succeeded': (b) => b.invoice({ subscription: sampleSubscription(b), status: 'paid' }),
  'invoice.payment_failed': (b) => b.invoice({ subscription: sampleSubscription(b), status: 'open' }),
  'payment_intent.succeeded': (b) => ({ id: b.state.ids.next('pi'), object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' }),
  'coupon.created': (b) => b.coupon({ percentOff: 20, duration: 'forever' }),
  'coupon.updated': (b) => b.coupon({ percentOff: 20, duration: 'forever' }),
  'coupon.deleted': (b) => ({ ...b.coupon({ percentOff: 20, duration: 'forever' }), deleted: true }),
  'price.created': (b) => b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' }),
  'price.updated': (b) => b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' }),
  'price.deleted': (b) => ({ ...b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' }), deleted: true }),
};

export const SAMPLE_EVENT_TYPES = Object.keys(SAMPLES).sort();

function sampleSubscription(b: AccountBuilder) {
  const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
  return b.subscription({ customer: b.customer({}), items: [{ price, quantity: 1 }] });
}

/**
 * A Stripe-shaped event of `type` around a fresh sample object. Ids get a random part, so that each
 * trigger is a new event and a new object rather than a redelivery.
 */
export function sampleEvent(type: string, now = Math.floor(Date.now() / 1000)): StripeEvent {
  const build = SAMPLES[type];
  if (!build) throw new Error(`no sample for ${type}; one of: ${SAMPLE_EVENT_TYPES.join(', ')}`);
  const state = new EmulatorState({ now: () => now });
  const event = state.recordEvent(type, build(new AccountBuilder(state)));
  const token = randomBytes(4).toString('hex');
  return JSON.parse(JSON.stringify(event).replace(/"([a-z]+)_0+([0-9a-z]+)"/g, `"$1_${token}$2"`)) as StripeEvent;
}
