import { STRIPE_API_VERSION } from './client.ts';

/**
 * Calls `warn` the first time events arrive in each API version other than the one this code reads
 * (the SDK's pin). A webhook endpoint keeps the version it was created with; objects in older shapes
 * are read into the current one, but a version newer than the code may change what it reads.
 */
export function apiVersionWatch(warn: (version: string, expected: string) => void, expected = STRIPE_API_VERSION): (version: string | null | undefined) => void {
  const seen = new Set<string>();
  return (version) => {
    if (typeof version !== 'string' || version === expected || seen.has(version)) return;
    seen.add(version);
    warn(version, expected);
  };
}
