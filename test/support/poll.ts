import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

/** Waits for a condition by polling it, never by sleeping a fixed time; fails with `what` at the deadline. */
export async function pollUntil<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for `read()` to equal `expected`; at the deadline fails showing the difference from the last value read. */
export async function pollEqual<T>(read: () => Promise<T> | T, expected: T, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDeepStrictEqual(value, expected)) return;
    if (Date.now() > deadline) assert.deepStrictEqual(value, expected, `after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
