/**
 * Injected failures, so the sync's retry and backoff paths run in tests. With a fault rate, request
 * N's fate depends only on (seed, N): the same request sequence fails at the same places every run.
 * Tests can also queue exact failures with `failNext`, and `startOutage` makes every request fail for a
 * while, as when Stripe is down.
 */
import { apiError, invalidRequest, rateLimited, StripeApiError } from './errors.ts';
import { hashToUnit } from './prng.ts';

export interface FaultOptions {
  /** Probability (0..1) that an authenticated request fails. */
  faultRate?: number;
  seed?: number;
}

export interface ForcedFaultOptions {
  /** 429 only: send `Retry-After` (seconds). */
  retryAfter?: number;
  /** Send `Stripe-Should-Retry` with this value. */
  shouldRetry?: boolean;
}

interface Forced {
  remaining: number;
  status: number;
  options: ForcedFaultOptions;
}

const SHARE_OF_RATE_LIMITS = 0.7;

export class FaultInjector {
  rate: number;
  readonly seed: number;
  /** How many faults have been sent, rate-based and forced. */
  injected = 0;
  private requestIndex = 0;
  private readonly forced: Forced[] = [];
  private outage: { answeredFirst: number; status: number } | undefined;
  private outageEndsAtMs = -Infinity;

  constructor(
    options: FaultOptions = {},
    private readonly clockMs: () => number = () => performance.now(),
  ) {
    this.rate = options.faultRate ?? 0;
    this.seed = options.seed ?? 0;
    if (!(this.rate >= 0 && this.rate <= 1)) throw new Error(`faultRate must be within 0..1, got ${this.rate}`);
  }

  /** The next `count` requests fail with `status` (queued behind earlier `failNext` calls). */
  failNext(count: number, status: number, options: ForcedFaultOptions = {}): void {
    if (count > 0) this.forced.push({ remaining: count, status, options });
  }

  /** An outage `count` requests from now: every request after those fails with `status`, until cleared. */
  failAfter(count: number, status: number): void {
    this.outage = { answeredFirst: count, status };
  }

  /** Every request fails with a 503 for the next `durationMs`; a later call replaces the end. */
  startOutage(durationMs: number): void {
    if (!(durationMs >= 0)) throw new Error(`an outage lasts 0 ms or more, got ${durationMs}`);
    this.outageEndsAtMs = this.clockMs() + durationMs;
  }

  /** Milliseconds left of the timed outage; 0 when there is none. */
  outageLeftMs(): number {
    return Math.max(0, this.outageEndsAtMs - this.clockMs());
  }

  /** Drops the failures `failNext` queued that no request has met yet, and ends an outage. */
  clearQueued(): void {
    this.forced.length = 0;
    this.outage = undefined;
    this.outageEndsAtMs = -Infinity;
  }

  /** Called once per authenticated request; returns the error to send instead, if any. */
  next(): StripeApiError | null {
    const index = this.requestIndex++;
    if (this.outageLeftMs() > 0) {
      this.injected += 1;
      return forcedError(503, {});
    }
    if (this.outage && this.outage.answeredFirst-- <= 0) {
      this.injected += 1;
      return forcedError(this.outage.status, {});
    }
    const forced = this.forced[0];
    if (forced) {
      forced.remaining -= 1;
      if (forced.remaining === 0) this.forced.shift();
      this.injected += 1;
      return forcedError(forced.status, forced.options);
    }
    if (this.rate === 0 || hashToUnit(this.seed, index, 0) >= this.rate) return null;
    this.injected += 1;
    if (hashToUnit(this.seed, index, 1) >= SHARE_OF_RATE_LIMITS) return apiError(500);
    // Stripe is not consistent about retry hints on 429s, so clients must cope with each variant.
    const variant = Math.floor(hashToUnit(this.seed, index, 2) * 3);
    if (variant === 0) return rateLimited({ 'Retry-After': '1' });
    if (variant === 1) return rateLimited({ 'Stripe-Should-Retry': 'true' });
    return rateLimited();
  }
}

function forcedError(status: number, options: ForcedFaultOptions): StripeApiError {
  const headers: Record<string, string> = {};
  if (options.retryAfter !== undefined) headers['Retry-After'] = String(options.retryAfter);
  if (options.shouldRetry !== undefined) headers['Stripe-Should-Retry'] = String(options.shouldRetry);
  const error = status === 429 ? rateLimited() : status >= 500 ? apiError(status) : invalidRequest('Injected failure.');
  return new StripeApiError(status, error.body, headers);
}
