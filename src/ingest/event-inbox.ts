import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { eventsRepository, type EventSource } from '../store/events-repository.ts';

interface Waiting {
  event: StripeEvent;
  source: EventSource;
  settle: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Where verified events are stored before they are acknowledged. Events that arrive while a write is
 * in flight go together in the next one, so a burst of webhooks costs one round trip (and one commit)
 * per batch rather than per event, and the answer still waits for the event to be stored.
 */
export class EventInbox {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Queryable) {}

  /** Resolves once the event is stored: true when it is new, false for a redelivery. */
  insert(event: StripeEvent, source: EventSource): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.waiting.push({ event, source, settle, fail });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        const stored = await eventsRepository(this.db).insert(batch);
        // An id given twice in one batch is stored for its first delivery; the second is a redelivery.
        for (const entry of batch) {
          entry.settle(stored.delete(entry.event.id));
        }
      } catch (error) {
        for (const entry of batch) entry.fail(error);
      }
    }
    this.writing = false;
  }
}
