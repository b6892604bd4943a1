import { signedHeaders } from './alert-signature.ts';
import { checkedAddress, RefusedDestination } from './checked-address.ts';
import { parseRetryAfter } from './retry-schedule.ts';
import { postWebhook } from './webhook-request.ts';

export interface WebhookChannel {
  url: URL;
  secret: string;
  allowPrivateNetwork: boolean;
}

export type DeliveryOutcome =
  | { kind: 'accepted'; status: number }
  /** 410 Gone: the receiver asks for nothing more to be sent there. */
  | { kind: 'gone'; status: number }
  /** `final`: trying again can't help (the destination is refused). */
  | { kind: 'failed'; reason: string; status: number | null; retryAfterMs: number | undefined; final: boolean };

/** One attempt: resolve and check the host, sign for this moment, POST, and say what came of it. */
export async function deliverAlert(channel: WebhookChannel, alertId: string, body: string, timeoutMs: number, signal?: AbortSignal): Promise<DeliveryOutcome> {
  try {
    const address = await checkedAddress(channel.url, channel.allowPrivateNetwork);
    const headers = signedHeaders(channel.secret, alertId, body);
    const answer = await postWebhook({ url: channel.url, address, headers, body, timeoutMs, ...(signal ? { signal } : {}) });
    if (answer.status >= 200 && answer.status < 300) return { kind: 'accepted', status: answer.status };
    if (answer.status === 410) return { kind: 'gone', status: answer.status };
    return {
      kind: 'failed',
      reason: `the receiver answered ${answer.status}`,
      status: answer.status,
      retryAfterMs: parseRetryAfter(answer.retryAfter, Date.now()),
      final: false,
    };
  } catch (error) {
    const refused = error instanceof RefusedDestination;
    const reason = refused ? error.message : `sending failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { kind: 'failed', reason, status: null, retryAfterMs: undefined, final: refused };
  }
}
