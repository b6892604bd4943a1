import { RefusedDestination } from './checked-address.ts';
import { parseRetryAfter } from './retry-schedule.ts';

export type DeliveryOutcome =
  /** `status`: the receiver's own (HTTP, SMTP), null when there is none; `note`: how, when not a plain send. */
  | { kind: 'accepted'; status: number | null; note?: string }
  /** 410 Gone: the receiver asks for nothing more to be sent there. */
  | { kind: 'gone'; status: number }
  /** `final`: trying again can't help (the destination is refused). */
  | { kind: 'failed'; reason: string; status: number | null; retryAfterMs: number | undefined; final: boolean };

/** What an HTTP receiver's status says; `detail` is added to the reason of a failure. */
export function httpOutcome(status: number, retryAfter: string | undefined, detail?: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted', status };
  if (status === 410) return { kind: 'gone', status };
  const reason = `the receiver answered ${status}${detail ? ` (${detail})` : ''}`;
  return { kind: 'failed', reason, status, retryAfterMs: parseRetryAfter(retryAfter, Date.now()), final: false };
}

/** A send that got no answer: refused before it left (final), or cut on the way (tried again). */
export function unansweredOutcome(error: unknown): DeliveryOutcome {
  const refused = error instanceof RefusedDestination;
  const reason = refused ? error.message : `sending failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  return { kind: 'failed', reason, status: null, retryAfterMs: undefined, final: refused };
}
