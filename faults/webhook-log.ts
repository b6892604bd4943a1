/**
 * The campaign delivers webhooks itself, signed as Stripe signs them, so that it knows each event's
 * answers: a 200 binds the service to apply the event once; anything else leaves it free to have
 * stored it or not, but never half-applied. An event without a 200 is redelivered later, as Stripe would.
 */
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { signPayload } from '../src/emulator/sign-payload.ts';

export type Answer = 200 | 'non-2xx' | 'no answer';

interface Delivery {
  event: StripeEvent;
  answers: Answer[];
}

const TIMEOUT_MS = 15_000;

export class WebhookLog {
  private readonly deliveries = new Map<string, Delivery>();
  attempts = 0;

  constructor(private readonly secret: string) {}

  /** Posts the event once to `url` and records the answer. */
  async deliver(url: string, event: StripeEvent): Promise<Answer> {
    const delivery = this.deliveries.get(event.id) ?? { event, answers: [] };
    this.deliveries.set(event.id, delivery);
    this.attempts += 1;
    const answer = await post(url, JSON.stringify(event), this.secret);
    delivery.answers.push(answer);
    return answer;
  }

  /** Events Stripe has sent but that no delivery has reached yet: they count as unanswered until redelivered. */
  owe(events: readonly StripeEvent[]): void {
    for (const event of events) if (!this.deliveries.has(event.id)) this.deliveries.set(event.id, { event, answers: [] });
  }

  /** Events that never got a 200, oldest first: what Stripe would still be retrying. */
  unacknowledged(): StripeEvent[] {
    return [...this.deliveries.values()].filter((d) => !d.answers.includes(200)).map((d) => d.event);
  }

  /** Every event delivered so far, whatever its answers. */
  delivered(): StripeEvent[] {
    return [...this.deliveries.values()].map((d) => d.event);
  }

  acknowledgedIds(): string[] {
    return [...this.deliveries.values()].filter((d) => d.answers.includes(200)).map((d) => d.event.id);
  }

  counts() {
    let acknowledged = 0;
    let refused = 0;
    let unanswered = 0;
    for (const { answers } of this.deliveries.values()) {
      if (answers.includes(200)) acknowledged += 1;
      refused += answers.filter((a) => a === 'non-2xx').length;
      unanswered += answers.filter((a) => a === 'no answer').length;
    }
    return { events: this.deliveries.size, attempts: this.attempts, acknowledged, refusedAnswers: refused, unanswered };
  }
}

async function post(url: string, payload: string, secret: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signPayload(payload, secret) },
      body: payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The status line is the answer: a 200 is sent once the event is stored, even if a crash cuts the body.
    await response.arrayBuffer().catch(() => undefined);
    return response.status === 200 ? 200 : 'non-2xx';
  } catch {
    return 'no answer';
  }
}
