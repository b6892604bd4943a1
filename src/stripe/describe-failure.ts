const MAX_REASON_CHARS = 500;

/**
 * A reason fit for the API and logs: the error's kind, Stripe's status and message, never a key, a request
 * body or query parameters (which carry customers' data), and never longer than a line or two.
 */
export function describeFailure(error: unknown): string {
  const e = error as { type?: unknown; name?: unknown; statusCode?: number; message?: string } | null;
  const kind = typeof e?.type === 'string' ? e.type : typeof e?.name === 'string' ? e.name : 'Error';
  const status = e?.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`;
  const message = (e?.message ?? String(error)).replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9*]+/g, '$1_$2_****');
  const reason = `${kind}${status}: ${message}`;
  return reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS - 1)}…`;
}
