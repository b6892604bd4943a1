/**
 * Stripe as it is over the internet: every answer takes a while (`latencyMs`, with jitter), and past
 * `rateLimit` requests in any one second the API answers 429. Without these the emulator answers in a
 * millisecond and never refuses, and code that is only fast here would crawl against Stripe.
 * A bad day on top, for the fault campaign: a share of answers is very slow (`slowShare`, `slowMs`), and
 * a share of list pages is cut off mid-body by a connection reset (`resetShare`).
 */
import { hashToUnit } from './prng.ts';

export interface NetworkOptions {
  /** Mean time to answer, in ms; each answer takes from 0.5× to 1.5× of it. */
  latencyMs?: number;
  /** Requests admitted in any one-second window; the rest are answered 429. */
  rateLimit?: number;
  seed?: number;
  /** Share (0..1) of answers held for `slowMs` instead of the usual latency. */
  slowShare?: number;
  /** How long a slow answer takes, in ms; defaults to 2000. */
  slowMs?: number;
  /** Share (0..1) of list pages that are cut off: part of the body is written, then the connection is reset. */
  resetShare?: number;
}

/** The knobs that can change while the emulator runs (the control API sets them). */
export type BadDayOptions = Pick<NetworkOptions, 'slowShare' | 'slowMs' | 'resetShare'>;

const DEFAULT_SLOW_MS = 2000;

const WINDOW_MS = 1000;

export class NetworkConditions {
  readonly latencyMs: number;
  readonly rateLimit: number;
  /** Requests refused for the rate limit so far. */
  rateLimited = 0;
  slowShare = 0;
  slowMs = DEFAULT_SLOW_MS;
  resetShare = 0;
  /** Slow answers and cut-off pages sent so far. */
  slowAnswers = 0;
  cutPages = 0;
  private readonly seed: number;
  private requestIndex = 0;
  private pageIndex = 0;
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
    this.tune(options);
  }

  /** Changes the bad-day knobs given; the others keep their values. */
  tune(options: BadDayOptions): void {
    const share = (name: string, value: number | undefined, current: number) => {
      if (value === undefined) return current;
      if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be within 0..1, got ${value}`);
      return value;
    };
    this.slowShare = share('slowShare', options.slowShare, this.slowShare);
    this.resetShare = share('resetShare', options.resetShare, this.resetShare);
    if (options.slowMs !== undefined) {
      if (!(options.slowMs >= 0)) throw new Error(`slowMs must be 0 or more, got ${options.slowMs}`);
      this.slowMs = options.slowMs;
    }
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
    const index = this.requestIndex++;
    if (this.slowShare > 0 && hashToUnit(this.seed, index, 4) < this.slowShare) {
      this.slowAnswers += 1;
      return this.slowMs;
    }
    if (this.latencyMs === 0) return 0;
    return Math.round(this.latencyMs * (0.5 + hashToUnit(this.seed, index, 3)));
  }

  /** Whether the next list page is cut off by a connection reset; the same seed gives the same sequence. */
  cutsNextPage(): boolean {
    const index = this.pageIndex++;
    if (this.resetShare === 0 || hashToUnit(this.seed, index, 5) >= this.resetShare) return false;
    this.cutPages += 1;
    return true;
  }
}
