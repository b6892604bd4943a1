/**
 * Every request to Stripe goes through one of these, so the process as a whole stays within Stripe's
 * rate limit (25 requests/s in test mode, about 100 live) however many syncs and events want requests.
 */
import { responseHeader } from './retry.ts';

/** Live requests (an event's re-fetch) go before background ones (a sync), so figures never queue behind a sync. */
export type Priority = 'live' | 'background';

export interface SchedulerClock {
  now(): number;
  /** Resolves after `ms`; the scheduler keeps at most one of these pending. */
  sleep(ms: number): Promise<void>;
}

export const realClock: SchedulerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

export interface SchedulerStats {
  /** Requests started. */
  sent: number;
  /** Of those, answered 429. */
  rateLimited: number;
}

interface Waiting {
  start: () => void;
}

const WINDOW_MS = 1000;
/** The latency assumed before any answer is seen: Stripe's list pages take a few hundred ms. */
const INITIAL_LATENCY_MS = 400;
const MAX_CONCURRENCY = 128;
/** After a 429, the pace drops to this share and climbs back by `RECOVERY_PER_SUCCESS` of the limit per answer. */
const BACKOFF_FACTOR = 0.8;
const RECOVERY_PER_SUCCESS = 0.01;
const MIN_PAUSE_MS = 1000;

/**
 * A client-side limiter: requests leave at most `ratePerSecond` in any one second, evenly spaced (so a
 * burst is not refused as a burst), with as many in flight as the observed latency needs to keep that
 * pace. When Stripe answers 429 anyway (other clients share the account's limit), everything pauses
 * for its `Retry-After` or a second, and the pace drops and climbs back as answers succeed.
 */
export class RequestScheduler {
  readonly stats: SchedulerStats = { sent: 0, rateLimited: 0 };
  private pace: number;
  private readonly queues: Record<Priority, Waiting[]> = { live: [], background: [] };
  /** When requests were started within the last window, oldest first. */
  private readonly started: number[] = [];
  private inFlight = 0;
  private latencyMs = INITIAL_LATENCY_MS;
  private pausedUntil = 0;
  private wakeUp: Promise<void> | undefined;

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: SchedulerClock = realClock,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`ratePerSecond must be above 0, got ${ratePerSecond}`);
    this.pace = ratePerSecond;
  }

  /** Runs `request` when the rate allows; its result or failure is the caller's. */
  run<T>(priority: Priority, request: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queues[priority].push({
        start: () => {
          const sentAt = this.clock.now();
          request().then(
            (value) => {
              this.answered(sentAt);
              resolve(value);
            },
            (error: unknown) => {
              this.answered(sentAt, error);
              reject(error);
            },
          );
        },
      });
      this.pump();
    });
  }

  /** How many may be in flight: enough to keep the pace busy at the observed latency, with room for its spread. */
  get concurrency(): number {
    return Math.min(MAX_CONCURRENCY, Math.max(2, Math.ceil((this.pace * this.latencyMs * 2) / 1000)));
  }

  private answered(sentAt: number, error?: unknown): void {
    this.inFlight -= 1;
    const now = this.clock.now();
    this.latencyMs = this.latencyMs * 0.9 + (now - sentAt) * 0.1;
    if ((error as { statusCode?: number } | undefined)?.statusCode === 429) {
      this.stats.rateLimited += 1;
      this.pace = Math.max(this.ratePerSecond * 0.1, this.pace * BACKOFF_FACTOR);
      const retryAfterSeconds = Number(responseHeader(error, 'retry-after'));
      const pauseMs = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : MIN_PAUSE_MS;
      this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
    } else {
      this.pace = Math.min(this.ratePerSecond, this.pace + this.ratePerSecond * RECOVERY_PER_SUCCESS);
    }
    this.pump();
  }

  /** Starts what may start now; otherwise sleeps until the next one may (a completion also wakes it). */
  private pump(): void {
    for (;;) {
      const queue = this.queues.live.length > 0 ? this.queues.live : this.queues.background;
      if (queue.length === 0 || this.inFlight >= this.concurrency || this.wakeUp) return;
      const now = this.clock.now();
      const waitMs = this.waitMs(now);
      if (waitMs > 0) {
        this.wakeUp = this.clock.sleep(waitMs).then(() => {
          this.wakeUp = undefined;
          this.pump();
        });
        return;
      }
      const next = queue.shift()!;
      this.started.push(now);
      this.inFlight += 1;
      this.stats.sent += 1;
      next.start();
    }
  }

  /** How long until another request may start: the pause, the spacing at the current pace, and the one-second window. */
  private waitMs(now: number): number {
    while (this.started.length > 0 && this.started[0]! <= now - WINDOW_MS) this.started.shift();
    const last = this.started[this.started.length - 1];
    const spacing = last === undefined ? 0 : last + 1000 / this.pace - now;
    const limit = Math.max(1, Math.floor(this.ratePerSecond));
    const window = this.started.length >= limit ? this.started[this.started.length - limit]! + WINDOW_MS - now : 0;
    return Math.max(this.pausedUntil - now, spacing, window, 0);
  }
}
