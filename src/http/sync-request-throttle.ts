/**
 * Each sync asked for over HTTP reads the whole account from Stripe, so asking again and again would spend
 * the account's rate limit: one may start at most every `minSeconds` (SYNC_REQUEST_MIN_SECONDS; 0: no
 * limit). Syncs at start and on the timer are not asked for over HTTP and do not count.
 */
export function syncRequestThrottle(minSeconds: number, nowMs: () => number) {
  let lastStartedAt: number | undefined;
  return {
    /** Seconds until a sync may be asked for again; 0: now. */
    waitSeconds(): number {
      if (minSeconds === 0 || lastStartedAt === undefined) return 0;
      const remainingMs = lastStartedAt + minSeconds * 1000 - nowMs();
      return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
    },
    started(): void {
      lastStartedAt = nowMs();
    },
  };
}
