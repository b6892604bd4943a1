/**
 * Stripe as it is over the internet: every answer takes a while (`latencyMs`, with jitter), and past
 * `rateLimit` requests in any one second the API answers 429. Without these the emulator answers in a
 * millisecond and never refuses, and code that is only fast here would crawl against Stripe.
 */
import { hashToUnit } from './prng.ts';

export interface NetworkOptions {
  /** Mean time to answer, in ms; each answer takes from 0.5× to 1.5× of it. */
  latencyMs?: number;
  /** Requests admitted in any one-second window; the rest are answered 429. */
  rateLimit?: number;
  seed?: number;
}

const WINDOW_MS = 1000;

export class NetworkConditions {
  readonly latencyMs: number;
  readonly rateLimit: number;
  /** Requests refused for the rate limit so far. */
  rateLimited = 0;
  private readonly seed: number;
  private requestIndex = 0;
  /** Arrival times of the requests admitted within the last window, oldest first. */
  private readonly admitted: number[] = [];
  /** Latencies queued for the next requests, ahead of the jittered ones. */
  private readonly forced: number[] = [];

  constructor(
    options: NetworkOptions = {},
    private readonly clockMs: () => number = () => performance.now(),
  ) {
    this.latencyMs = options.latencyMs ?? 0;
    this.rateLimit = options.rateLimit ?? 0;
    this.seed = options.seed ?? 0;
    if (!(this.latencyMs >= 0)) throw new Error(`latencyMs must be 0 or more, got ${this.latencyMs}`);
    if (!(this.rateLimit >= 0)) throw new Error(`rateLimit must be 0 (none) or more, got ${this.rateLimit}`);
  }

  /** Counts a request that arrives now; false when the window already holds `rateLimit` of them. */
  admit(): boolean {
    if (this.rateLimit === 0) return true;
    const now = this.clockMs();
    while (this.admitted.length > 0 && this.admitted[0]! <= now - WINDOW_MS) this.admitted.shift();
    if (this.admitted.length >= this.rateLimit) {
      this.rateLimited += 1;
      return false;
    }
    this.admitted.push(now);
    return true;
  }

  /** The next request's answer takes `ms` (queued behind earlier calls): a slow answer on demand, for tests. */
  slowNext(ms: number): void {
    this.forced.push(ms);
  }

  /** How long the next answer takes; the same seed gives the same sequence. */
  nextLatencyMs(): number {
    const forced = this.forced.shift();
    if (forced !== undefined) return forced;
    if (this.latencyMs === 0) return 0;
    return Math.round(this.latencyMs * (0.5 + hashToUnit(this.seed, this.requestIndex++, 3)));
  }
}
