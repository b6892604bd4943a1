import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedAddress } from './checked-address.ts';

export interface WebhookAnswer {
  status: number;
  retryAfter: string | undefined;
  /** The start of the answer's body, which some receivers explain a refusal in (Slack: "no_service"). */
  text: string;
}

/** The receiver's answer is read only this far: its status is what counts. */
const MAX_ANSWER_BYTES = 64 * 1024;
const KEPT_ANSWER_BYTES = 1024;

/**
 * POSTs the body to the URL, connecting to the address already checked while the Host header and the
 * TLS server name stay the URL's own. Rejects when no answer came within the timeout.
 */
export function postWebhook(options: {
  url: URL;
  address: CheckedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborted: the request is cut at once (the service is stopping). */
  signal?: AbortSignal;
}): Promise<WebhookAnswer> {
  const { url, address } = options;
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: 'POST',
      lookup: pinned,
      agent: false,
      ...(options.signal ? { signal: options.signal } : {}),
      headers: { 'content-type': 'application/json', 'user-agent': 'revenue-agent', ...options.headers, 'content-length': Buffer.byteLength(options.body) },
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      let read = 0;
      const kept: Buffer[] = [];
      const done = () => {
        clearTimeout(timer);
        const retryAfter = response.headers['retry-after'];
        const text = Buffer.concat(kept).subarray(0, KEPT_ANSWER_BYTES).toString('utf8');
        resolve({ status: response.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, text });
      };
      response.on('data', (chunk: Buffer) => {
        if (read < KEPT_ANSWER_BYTES) kept.push(chunk);
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) {
          response.destroy();
          done();
        }
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(options.body);
  });
}
