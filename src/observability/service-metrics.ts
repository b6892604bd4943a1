import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type Stripe from 'stripe';
import type { SyncOutcome } from '../ingest/sync-coordinator.ts';

export type WebhookResult = 'stored' | 'duplicate' | 'rejected' | 'not_configured' | 'failed';

/**
 * What `GET /metrics` reports, in Prometheus' text format. Counters are kept where things happen (the
 * webhook route, the sync's end, each Stripe response); gauges are read from their owner at each scrape.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly webhooks = new Counter({
    name: 'revenue_agent_webhooks_total',
    help: 'Webhook deliveries by event type (unknown when refused before it is read) and result.',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });
  private readonly syncs = new Counter({
    name: 'revenue_agent_syncs_total',
    help: 'Full syncs by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly syncSeconds = new Histogram({
    name: 'revenue_agent_sync_duration_seconds',
    help: 'How long full syncs took, failed ones included.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  private readonly syncRequests = new Counter({
    name: 'revenue_agent_sync_stripe_requests_total',
    help: 'Requests full syncs sent to Stripe, retries included.',
    registers: [this.registry],
  });
  private readonly stripeResponses = new Counter({
    name: 'revenue_agent_stripe_responses_total',
    help: 'Answers from the Stripe API by HTTP status (429: rate-limited).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly eventsApplied = new Counter({
    name: 'revenue_agent_events_applied_total',
    help: 'Stripe events this instance applied (marked processed), those covered by a re-fetch for an earlier one included.',
    registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: 'revenue_agent_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** A gauge whose value is read at each scrape. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  webhook(type: string, result: WebhookResult): void {
    this.webhooks.inc({ type, result });
  }

  applied(events: number): void {
    this.eventsApplied.inc(events);
  }

  sync(outcome: SyncOutcome): void {
    if (outcome.status === 'busy') return;
    const { run } = outcome;
    this.syncs.inc({ result: outcome.status });
    this.syncRequests.inc(run.requests);
    if (run.finishedAt !== null) this.syncSeconds.observe((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
  }

  /** Counts every answer the client gets from Stripe (or the emulator in its place). */
  observeStripe(stripe: Stripe): void {
    stripe.on('response', (response: { status?: number }) => this.stripeResponses.inc({ status: String(response.status ?? 'none') }));
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status: String(status) }, seconds);
  }
}
