import { createHash } from 'node:crypto';
import type { AlertChannel } from './alert-channel.ts';
import { signedHeaders } from './alert-signature.ts';
import { checkedAddress } from './checked-address.ts';
import { httpOutcome, unansweredOutcome } from './delivery-outcome.ts';
import { postWebhook } from './webhook-request.ts';

export interface HttpDestination {
  url: URL;
  allowPrivateNetwork: boolean;
  /** A request not answered by then is a failure. */
  timeoutMs: number;
}

/** Where an HTTP channel sends, as a digest: the URL itself may hold a token. */
export const endpointDigest = (url: URL) => createHash('sha256').update(url.href).digest('hex');

/**
 * The outbound webhook: the body as JSON, signed by the Standard Webhooks spec. Each attempt resolves and
 * checks the host, signs for this moment, POSTs, and says what came of it.
 */
export function webhookChannel(name: string, destination: HttpDestination & { secret: string }): AlertChannel {
  const { url, secret, allowPrivateNetwork, timeoutMs } = destination;
  return {
    name,
    kind: 'webhook',
    endpoint: endpointDigest(url),
    async send(body, id, signal) {
      try {
        const address = await checkedAddress(url, allowPrivateNetwork);
        const json = JSON.stringify(body);
        const headers = signedHeaders(secret, id, json);
        const answer = await postWebhook({ url, address, headers, body: json, timeoutMs, ...(signal ? { signal } : {}) });
        return httpOutcome(answer.status, answer.retryAfter);
      } catch (error) {
        return unansweredOutcome(error);
      }
    },
  };
}
