export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

interface StripeLikeError {
  statusCode?: number;
  type?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export function responseHeader(error: unknown, name: string): string | undefined {
  const value = (error as StripeLikeError).headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Stripe's advice: retry 429, 409, 5xx and connection failures; an explicit `Stripe-Should-Retry` wins.
 * Stripe doesn't always send that header, so its absence decides nothing.
 */
export function isRetryable(error: unknown): boolean {
  const e = error as StripeLikeError;
  const shouldRetry = responseHeader(e, 'stripe-should-retry');
  if (shouldRetry === 'false') return false;
  if (shouldRetry === 'true') return true;
  if (e.type === 'StripeConnectionError') return true;
  const status = e.statusCode;
  return status === 429 || status === 409 || (status !== undefined && status >= 500);
}

/** Full-jitter exponential backoff, never shorter than the server's `Retry-After`. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential / 2 + (policy.random() * exponential) / 2);
  const retryAfterSeconds = Number(responseHeader(error, 'retry-after'));
  const floor = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.min(policy.maxDelayMs, Math.max(jittered, floor));
}

export async function withRetries<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      await policy.sleep(retryDelayMs(error, attempt, policy));
    }
  }
}
