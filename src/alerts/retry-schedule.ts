/** When a failed delivery is tried again, and when it is given up (a dead letter). */
export interface AlertRetryPolicy {
  /** The wait after the 1st, 2nd, … failed attempt; one more failure than there are waits makes it dead. */
  delaysMs: readonly number[];
  /** A wait is drawn from ±jitter of it, so many alerts failing at once don't come back at once. */
  jitter: number;
  random: () => number;
  /** How long a claimed alert is kept from other senders: past it, a sender that died has let it go. */
  leaseMs: number;
  /** How often an idle sender looks for alerts written (or claims let go) elsewhere. */
  idlePollMs: number;
  /** A request that has not been answered by then is a failure. */
  timeoutMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Eight attempts over about ten hours. */
export const defaultAlertRetryPolicy: AlertRetryPolicy = {
  delaysMs: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR],
  jitter: 0.2,
  random: Math.random,
  leaseMs: 60 * SECOND,
  idlePollMs: SECOND,
  timeoutMs: 15 * SECOND,
};

/** Retry-After is honoured up to a day: a longer one is more likely a mistake than a plan. */
const MAX_RETRY_AFTER_MS = 24 * HOUR;

/**
 * The wait before the next attempt after `attempts` failed ones, never shorter than the receiver's
 * Retry-After; undefined when the alert is to be given up.
 */
export function nextAttemptDelayMs(policy: AlertRetryPolicy, attempts: number, retryAfterMs?: number): number | undefined {
  const base = policy.delaysMs[attempts - 1];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (1 + policy.jitter * (2 * policy.random() - 1)));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
