import type { SyncRun } from '../store/sync-runs-repository.ts';

export type SyncResult = 'ok' | 'failed' | 'running';

/** The latest sync as the page's status strip tells it: when, how it went, and why it failed. */
export interface LastSync {
  /** When it finished, or when it started while it runs. */
  at: Date | null;
  result: SyncResult | null;
  error: string | null;
}

/** Where the figures come from and when Stripe was last heard from, beside their freshness. */
export interface AccountStatus {
  /** Stripe's live mode (true) or test mode (false); null until a key or an event says which. */
  livemode: boolean | null;
  lastSync: LastSync;
  /** When the last verified webhook was stored. */
  lastWebhookAt: Date | null;
}

export function lastSyncOf(run: SyncRun | undefined): LastSync {
  if (run === undefined) return { at: null, result: null, error: null };
  if (run.status === 'running') return { at: run.startedAt, result: 'running', error: null };
  return { at: run.finishedAt ?? run.startedAt, result: run.status === 'succeeded' ? 'ok' : 'failed', error: run.error };
}

/** A Stripe key names its mode (sk_live_…, rk_test_…); null for none, or one of another shape. */
export function livemodeOfKey(secretKey: string | undefined): boolean | null {
  const mode = secretKey === undefined ? undefined : /^(?:sk|rk)_(live|test)_/.exec(secretKey)?.[1];
  return mode === undefined ? null : mode === 'live';
}
