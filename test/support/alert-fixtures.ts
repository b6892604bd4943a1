import { AccountBuilder } from '../../src/emulator/account-builder.ts';
import type { EmulatorState } from '../../src/emulator/index.ts';

export const STRIPE_SECRET = 'whsec_stripe_secret_for_alert_tests';
export const ALERT_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A webhook-only service sending alerts to `url`; receivers in tests are on loopback, hence the opt-in. */
export const alertEnv = (url: string, options: { allowPrivateNetwork: boolean } = { allowPrivateNetwork: true }) => ({
  STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
  ALERT_WEBHOOK_URL: url,
  ALERT_WEBHOOK_SECRET: ALERT_SECRET,
  ...(options.allowPrivateNetwork ? { ALERT_ALLOW_PRIVATE_NETWORK: 'true' } : {}),
});

/** A new customer subscribing now, as Stripe's webhooks tell it: one `new` movement of 25.00 USD. */
export function newSubscriber(state: EmulatorState) {
  const b = new AccountBuilder(state);
  const price = b.price({ currency: 'usd', unitAmount: 2500, interval: 'month' });
  const customer = b.customer({ name: 'Ada Lovelace', email: 'ada@example.com' });
  const subscription = b.subscription({ customer, items: [{ price, quantity: 1 }] });
  return {
    customer,
    subscription,
    events: [state.recordEvent('customer.created', customer), state.recordEvent('customer.subscription.created', subscription)],
  };
}
