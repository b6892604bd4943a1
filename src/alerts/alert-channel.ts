import type { AlertBody } from './alert-body.ts';
import type { DeliveryOutcome } from './delivery-outcome.ts';

export type AlertChannelKind = 'webhook' | 'slack' | 'email' | 'feed';

/** Somewhere alerts go. Each has its own deliveries, sender, retries and dead letters. */
export interface AlertChannel {
  /** What deliveries, the API and logs call it. */
  readonly name: string;
  readonly kind: AlertChannelKind;
  /** A digest of where it sends, which a 410 Gone disables; undefined when there is nothing to disable. */
  readonly endpoint: string | undefined;
  /** One attempt; `signal` cuts it (the service is stopping). */
  send(body: AlertBody, id: string, signal?: AbortSignal): Promise<DeliveryOutcome>;
}
