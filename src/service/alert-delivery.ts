import { createHash, randomUUID } from 'node:crypto';
import type { AlertBody } from '../alerts/alert-body.ts';
import { deliverAlert, type DeliveryOutcome, type WebhookChannel } from '../alerts/deliver-alert.ts';
import { nextAttemptDelayMs, type AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import { alertEndpointsRepository, type DisabledEndpoint } from '../store/alert-endpoints-repository.ts';
import { alertOutboxRepository, type ClaimedAlert, type DeadAlert } from '../store/alert-outbox-repository.ts';
import type { Database } from '../store/database.ts';

/** Alerts one sender takes at once; they are sent side by side, each well within the lease. */
const CLAIM_BATCH = 10;

export interface AlertDeliveryEvents {
  onDelivered?: (id: string, status: number) => void;
  onFailed?: (id: string, reason: string, outcome: 'retry' | 'dead') => void;
  onEndpointDisabled?: (reason: string) => void;
  onError?: (error: unknown) => void;
}

/** What the HTTP API asks of the alerts. */
export interface AlertsControl {
  deadAlerts(limit: number): Promise<DeadAlert[]>;
  /** False when no alert with this id is dead. */
  retryDead(id: string): Promise<boolean>;
  /** Sends a sample alert through the channel now, outside the outbox. */
  sendTest(): Promise<DeliveryOutcome>;
  disabledEndpoint(): Promise<DisabledEndpoint | undefined>;
}

/**
 * Sends what the outbox holds, at least once: claims due alerts (with a lease, so one sender's crash only
 * delays them), sends each signed, and records the outcome — delivered, due again after the policy's
 * wait (never sooner than Retry-After), or dead once the attempts are spent. A 410 Gone disables the
 * endpoint: alerts wait, unsent, until a test alert gets through again.
 */
export class AlertDelivery implements AlertsControl {
  private readonly endpoint: string;
  private stopped = false;
  /** Cuts the sends in flight when stopping: the service exits within its 10 s, and they are sent again after. */
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly channel: WebhookChannel,
    private readonly policy: AlertRetryPolicy,
    private readonly events: AlertDeliveryEvents = {},
  ) {
    this.endpoint = createHash('sha256').update(channel.url.href).digest('hex');
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake?.();
    await this.running;
  }

  deadAlerts(limit: number): Promise<DeadAlert[]> {
    return alertOutboxRepository(this.db).listDead(limit);
  }

  async retryDead(id: string): Promise<boolean> {
    const retried = await alertOutboxRepository(this.db).retryDead(id);
    if (retried) this.wake?.();
    return retried;
  }

  disabledEndpoint(): Promise<DisabledEndpoint | undefined> {
    return alertEndpointsRepository(this.db).disabled(this.endpoint);
  }

  async sendTest(): Promise<DeliveryOutcome> {
    const id = `test:${randomUUID()}`;
    const body: AlertBody = {
      id,
      type: 'test',
      occurred_at: new Date().toISOString(),
      livemode: null,
      customer: { id: 'cus_test', name: 'Test customer', email: 'test@example.com' },
      subscription_id: null,
      mrr_change: { by_currency: [{ currency: 'usd', amount: 1000 }], reporting: { currency: 'usd', amount: 1000 } },
      mrr: { by_currency: [{ currency: 'usd', amount: 1000 }], reporting: { currency: 'usd', amount: 1000 } },
    };
    const outcome = await deliverAlert(this.channel, id, JSON.stringify(body), this.policy.timeoutMs);
    const endpoints = alertEndpointsRepository(this.db);
    if (outcome.kind === 'accepted') {
      await endpoints.enable(this.endpoint);
      this.wake?.();
    } else if (outcome.kind === 'gone') await this.disable();
    return outcome;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.policy.idlePollMs;
      try {
        if ((await this.sendDue()) > 0) continue;
        const due = await alertOutboxRepository(this.db).nextDueInMs();
        if (due !== undefined) waitMs = Math.min(waitMs, Math.max(due, 1));
      } catch (error) {
        this.events.onError?.(error);
      }
      await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Returns how many alerts were claimed. */
  private async sendDue(): Promise<number> {
    if ((await this.disabledEndpoint()) !== undefined) return 0;
    const claimed = await alertOutboxRepository(this.db).claim(CLAIM_BATCH, this.policy.leaseMs);
    await Promise.all(claimed.map((alert) => this.send(alert)));
    return claimed.length;
  }

  private async send(alert: ClaimedAlert): Promise<void> {
    const outbox = alertOutboxRepository(this.db);
    const outcome = await deliverAlert(this.channel, alert.id, JSON.stringify(alert.body), this.policy.timeoutMs, this.stopping.signal);
    // Cut short by the stop, not failed: unclaimed, and not counted as an attempt, it is sent again after.
    if (this.stopped && outcome.kind !== 'accepted') return outbox.release(alert.id);
    if (outcome.kind === 'accepted') {
      await outbox.delivered(alert.id);
      this.events.onDelivered?.(alert.id, outcome.status);
      return;
    }
    if (outcome.kind === 'gone') {
      await outbox.release(alert.id);
      await this.disable();
      return;
    }
    const delayMs = outcome.final ? undefined : nextAttemptDelayMs(this.policy, alert.attempts, outcome.retryAfterMs);
    if (delayMs === undefined) {
      const reason = outcome.final ? outcome.reason : `${outcome.reason}; given up after ${alert.attempts} attempts`;
      await outbox.dead(alert.id, reason);
      this.events.onFailed?.(alert.id, reason, 'dead');
    } else {
      await outbox.retryLater(alert.id, delayMs, outcome.reason);
      this.events.onFailed?.(alert.id, outcome.reason, 'retry');
    }
  }

  private async disable(): Promise<void> {
    const reason = `the receiver answered 410 Gone at ${new Date().toISOString()}: nothing more is sent until POST /api/alerts/test gets through`;
    await alertEndpointsRepository(this.db).disable(this.endpoint, reason);
    this.events.onEndpointDisabled?.(reason);
  }
}
