/** Failed logins allowed per client address in a window; one more waits for the window to end. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 60_000;
/** Addresses remembered at most, so that a flood of addresses cannot grow the table without bound. */
const MAX_TRACKED_ADDRESSES = 10_000;

/** Counts failed logins per client address, so that guessing the token takes forever. */
export function loginAttempts(now: () => number) {
  const failures = new Map<string, { count: number; windowStart: number }>();
  const current = (address: string) => {
    const entry = failures.get(address);
    if (entry && now() - entry.windowStart >= FAILED_LOGIN_WINDOW_MS) failures.delete(address);
    return failures.get(address);
  };
  const forgetExpired = () => {
    for (const [address, entry] of failures) if (now() - entry.windowStart >= FAILED_LOGIN_WINDOW_MS) failures.delete(address);
  };
  return {
    /** Seconds this address must wait before trying again; 0 when it may try now. */
    waitSeconds(address: string): number {
      const entry = current(address);
      if (!entry || entry.count < MAX_FAILED_LOGINS) return 0;
      return Math.max(1, Math.ceil((entry.windowStart + FAILED_LOGIN_WINDOW_MS - now()) / 1000));
    },
    failed(address: string): void {
      const entry = current(address);
      if (entry) entry.count += 1;
      else {
        if (failures.size >= MAX_TRACKED_ADDRESSES) forgetExpired();
        if (failures.size >= MAX_TRACKED_ADDRESSES) failures.delete(failures.keys().next().value!);
        failures.set(address, { count: 1, windowStart: now() });
      }
    },
    succeeded(address: string): void {
      failures.delete(address);
    },
  };
}
