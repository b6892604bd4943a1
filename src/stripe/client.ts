import Stripe from 'stripe';

/** The API version this code reads objects in; the SDK's own pin, so shapes match its types. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

export interface StripeClientOptions {
  secretKey: string;
  /** A Stripe-compatible server (the emulator, stripe-mock); undefined talks to Stripe itself. */
  apiBase: URL | undefined;
  timeoutMs?: number;
}

/** Retries are ours (see retry.ts), so the SDK makes exactly one attempt per call. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const base = options.apiBase;
  return new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
    telemetry: false,
    appInfo: { name: 'revenue-agent' },
    ...(base === undefined
      ? {}
      : {
          host: base.hostname,
          port: base.port === '' ? (base.protocol === 'https:' ? 443 : 80) : Number(base.port),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }),
  });
}
