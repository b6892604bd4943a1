/**
 * How long the HTTP server waits for a client, and how many event-stream clients it keeps. A client that
 * stalls (headers never finished, a body that stops arriving, a connection that says nothing) is dropped
 * rather than held: three hundred stalled bodies once held 228 MB. Event streams are exempt from the idle
 * limit: they are quiet by nature, and have their own (the heartbeat, the buffer limit).
 */
export interface HttpLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (bodies are at most 1 MiB). */
  requestTimeoutMs: number;
  /**
   * A connection on which nothing moves either way for this long is closed, unless its answer is known to
   * take long (an event stream, POST /api/revenue/sync).
   */
  idleTimeoutMs: number;
  /** How long a kept-alive connection may wait for its next request. */
  keepAliveTimeoutMs: number;
  /** How often requests past their header or request time are looked for. */
  timeoutCheckIntervalMs: number;
  /** Event-stream clients served at once; one more is answered 503 with Retry-After. */
  maxStreamClients: number;
  /** An event-stream client whose unsent data passes this many bytes is not reading: it is dropped. */
  maxStreamBufferedBytes: number;
  /** A comment sent on quiet event streams, so that proxies keep them open. */
  streamHeartbeatMs: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  // Longer than the 60 s idle timeout of common load balancers and proxies, so that they close first.
  keepAliveTimeoutMs: 72_000,
  timeoutCheckIntervalMs: 1_000,
  maxStreamClients: 1_000,
  maxStreamBufferedBytes: 1024 * 1024,
  streamHeartbeatMs: 15_000,
};

/** The seconds a refused event-stream client is told to wait before trying again. */
export const STREAM_RETRY_AFTER_SECONDS = 5;
