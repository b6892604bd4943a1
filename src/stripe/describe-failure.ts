/** A reason fit for the API and logs: Stripe's own message and status, never a key or a request body. */
export function describeStripeFailure(error: unknown): string {
  const e = error as { type?: string; statusCode?: number; message?: string };
  const status = e.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`;
  const message = (e.message ?? String(error)).replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9*]+/g, '$1_$2_****');
  return `${e.type ?? 'Error'}${status}: ${message}`;
}
