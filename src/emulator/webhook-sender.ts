/**
 * Delivers events to one webhook endpoint the way Stripe does: a signed JSON POST per event. Unlike
 * Stripe it keeps event order: an event waits until the one before it is delivered or given up.
 * Non-2xx answers and connection errors are retried with bounded exponential backoff; nothing thrown
 * here escapes, so a receiver that is down never takes the emulator with it.
 */
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { signPayload } from './sign-payload.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookSenderOptions extends WebhookTarget {
  /** Attempts per event, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export interface DeliveryStats {
  delivered: number;
  /** Events given up on after `maxAttempts`. */
  failed: number;
  /** Queued or being delivered. */
  pending: number;
  /** Failed attempts, including those later retried successfully. */
  failedAttempts: number;
}

export class WebhookSender {
  private readonly queue: StripeEvent[] = [];
  private readonly options: Required<WebhookSenderOptions>;
  private readonly counts = { delivered: 0, failed: 0, failedAttempts: 0 };
  private draining: Promise<void> | null = null;
  private stopped = false;
  private cancelWait: (() => void) | null = null;
  private readonly abort = new AbortController();

  constructor(options: WebhookSenderOptions) {
    this.options = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 10_000, timeoutMs: 10_000, ...options };
  }

  get stats(): DeliveryStats {
    return { ...this.counts, pending: this.queue.length };
  }

  send(event: StripeEvent): void {
    if (this.stopped) return;
    this.queue.push(event);
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Resolves once every queued event is delivered or given up on. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Drops what is still queued and stops waiting between retries. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    this.cancelWait?.();
    this.abort.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.length > 0) {
      const event = this.queue[0] as StripeEvent;
      const delivered = await this.deliver(event);
      if (this.stopped) return;
      this.queue.shift();
      if (delivered) this.counts.delivered += 1;
      else this.counts.failed += 1;
    }
  }

  private async deliver(event: StripeEvent): Promise<boolean> {
    const payload = JSON.stringify(event, null, 2);
    for (let attempt = 1; attempt <= this.options.maxAttempts && !this.stopped; attempt++) {
      if (await this.post(payload)) return true;
      this.counts.failedAttempts += 1;
      if (attempt < this.options.maxAttempts) await this.wait(Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1)));
    }
    return false;
  }

  private async post(payload: string): Promise<boolean> {
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signPayload(payload, this.options.secret), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body: payload,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cancelWait = done;
    });
  }
}
