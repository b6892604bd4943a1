/**
 * A failure no retry can mend (a shape we can't read, an object Stripe refuses to give us): the event is
 * set aside as a dead letter at once, with this message as its reason, and the events behind it go on.
 */
export class PermanentEventFailure extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'PermanentEventFailure';
  }
}

/**
 * Whether applying an event again can succeed. Transient: Stripe rate-limited or failed (429, 5xx), the
 * network or the database dropped; worth a retry with back-off however long it takes. Permanent: Stripe
 * refused the request for good (another 4xx: a key without that permission, an id it can't take), the
 * store can't hold the data, or we can't read its shape. Unknown: anything else, retried a few times.
 */
export type FailureKind = 'permanent' | 'transient' | 'unknown';

/** SQLSTATE classes: 08 connection, 40 rollback (deadlock, serialization), 53 resources, 57 operator intervention. */
const TRANSIENT_SQL_CLASSES = new Set(['08', '40', '53', '57']);
/** 22 data exception, 23 integrity constraint, 54 program limit exceeded (nesting too deep). */
const PERMANENT_SQL_CLASSES = new Set(['22', '23', '54']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function failureKind(error: unknown): FailureKind {
  if (error instanceof PermanentEventFailure) return 'permanent';
  const e = error as { statusCode?: unknown; type?: unknown; code?: unknown } | null;
  if (typeof e?.statusCode === 'number') return e.statusCode === 429 || e.statusCode >= 500 ? 'transient' : 'permanent';
  if (e?.type === 'StripeConnectionError') return 'transient';
  if (typeof e?.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return 'transient';
    if (/^[0-9A-Z]{5}$/.test(e.code)) {
      const sqlClass = e.code.slice(0, 2);
      if (TRANSIENT_SQL_CLASSES.has(sqlClass)) return 'transient';
      if (PERMANENT_SQL_CLASSES.has(sqlClass)) return 'permanent';
    }
  }
  return 'unknown';
}
