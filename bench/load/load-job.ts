/** The contract between the benchmark and its load-generator process. */

export interface LoadJob {
  /** The full URL every request goes to. */
  url: string;
  connections: number;
  seconds: number;
  /** Webhook intake: each request is a distinct `customer.updated` event, signed, for one of these customers. */
  webhook?: { secret: string; customers: unknown[]; tag: string };
}

export interface LoadResult {
  /** Successful requests per second: 2xx answers, or for webhooks first deliveries answered 200. */
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Webhooks only: the ids of the events the service acknowledged as new. */
  acknowledged: string[];
}
