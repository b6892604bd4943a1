import type { FetchFunction } from '@slack/webhook';
import type { AlertChannel } from './alert-channel.ts';
import { checkedAddress, type CheckedAddress } from './checked-address.ts';
import { httpOutcome, unansweredOutcome } from './delivery-outcome.ts';
import { slackMessage } from './slack-message.ts';
import { endpointDigest, type HttpDestination } from './webhook-channel.ts';
import { postWebhook, type WebhookAnswer } from './webhook-request.ts';

/**
 * The fetch @slack/webhook sends with: to the address already checked (so a second lookup can't swap it),
 * within the timeout, cut by the signal; it keeps the answer, whose Retry-After the library drops.
 */
function pinnedFetch(address: CheckedAddress, timeoutMs: number, signal: AbortSignal | undefined, seen: (answer: WebhookAnswer) => void): FetchFunction {
  return async (url, init) => {
    const answer = await postWebhook({ url: new URL(url), address, headers: init?.headers ?? {}, body: String(init?.body ?? ''), timeoutMs, ...(signal ? { signal } : {}) });
    seen(answer);
    const ok = answer.status >= 200 && answer.status < 300;
    const headers = { get: (name: string) => (name.toLowerCase() === 'retry-after' ? (answer.retryAfter ?? null) : null), entries: () => [] };
    const text = async () => answer.text;
    return { ok, status: answer.status, statusText: '', url: String(url), headers, text, json: async () => JSON.parse(answer.text), arrayBuffer: async () => new ArrayBuffer(0) };
  };
}

/** Slack's incoming webhook: one message per alert, blocks and fallback text; the URL's path is its token, never shown. */
export function slackChannel(name: string, destination: HttpDestination): AlertChannel {
  const { url, allowPrivateNetwork, timeoutMs } = destination;
  return {
    name,
    kind: 'slack',
    endpoint: endpointDigest(url),
    async send(body, _id, signal) {
      let answer: WebhookAnswer | undefined;
      // Loaded on the first message: a service without this channel doesn't hold it in memory.
      const { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError } = await import('@slack/webhook');
      try {
        const address = await checkedAddress(url, allowPrivateNetwork);
        const webhook = new IncomingWebhook(url.href, { fetch: pinnedFetch(address, timeoutMs, signal, (seen) => (answer = seen)) });
        await webhook.send(slackMessage(body));
        return { kind: 'accepted', status: answer?.status ?? null };
      } catch (error) {
        // Slack says why in a word ("no_service", "invalid_payload"); only its first line is kept.
        if (error instanceof IncomingWebhookHTTPError) return httpOutcome(error.statusCode, answer?.retryAfter, error.body.split('\n')[0]!.slice(0, 100));
        return unansweredOutcome(error instanceof IncomingWebhookRequestError ? error.original : error);
      }
    },
  };
}
