import type { AlertChannel } from '../alerts/alert-channel.ts';
import type { DeliveryOutcome } from '../alerts/delivery-outcome.ts';
import { nextAttemptDelayMs, type AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import { sampleAlert } from '../alerts/sample-alert.ts';
import { alertEndpointsRepository, type DisabledEndpoint } from '../store/alert-endpoints-repository.ts';
import { channelDeliveriesRepository, type ClaimedDelivery } from '../store/alert-deliveries-repository.ts';
import type { Database } from '../store/database.ts';

/** Deliveries one sender takes at once; they are sent side by side, each well within the lease. */
const CLAIM_BATCH = 10;

export interface AlertDeliveryEvents {
  onDelivered?: (channel: string, id: string, outcome: Extract<DeliveryOutcome, { kind: 'accepted' }>) => void;
  onFailed?: (channel: string, id: string, reason: string, outcome: 'retry' | 'dead') => void;
  onEndpointDisabled?: (channel: string, reason: string) => void;
  onError?: (channel: string, error: unknown) => void;
}

/**
 * One channel's sender, at least once: claims its due deliveries (with a lease, so one sender's crash only
 * delays them), sends each, and records the outcome — delivered, due again after the policy's wait (never
 * sooner than Retry-After), or dead once the attempts are spent. A 410 Gone disables the channel's
 * endpoint: its deliveries wait, unsent, until a test alert gets through again. Other channels go on.
 */
export class ChannelDelivery {
  private stopped = false;
  /** Cuts the sends in flight when stopping: the service exits within its 10 s, and they are sent again after. */
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    readonly channel: AlertChannel,
    private readonly policy: AlertRetryPolicy,
    private readonly events: AlertDeliveryEvents = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake?.();
    await this.running;
  }

  /** Deliveries were put back in line (replayed): looked for now, not at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async disabledEndpoint(): Promise<DisabledEndpoint | undefined> {
    const { endpoint } = this.channel;
    return endpoint === undefined ? undefined : alertEndpointsRepository(this.db).disabled(endpoint);
  }

  /** A sample alert through the channel now, outside the outbox; one that gets through enables a disabled endpoint. */
  async sendTest(): Promise<DeliveryOutcome> {
    const { id, body } = sampleAlert();
    const outcome = await this.channel.send(body, id);
    const { endpoint } = this.channel;
    if (endpoint !== undefined && outcome.kind === 'accepted') {
      await alertEndpointsRepository(this.db).enable(endpoint);
      this.wake?.();
    } else if (outcome.kind === 'gone') await this.disable();
    return outcome;
  }

  private async loop(): Promise<void> {
    const deliveries = channelDeliveriesRepository(this.db, this.channel.name);
    while (!this.stopped) {
      let waitMs = this.policy.idlePollMs;
      try {
        if ((await this.sendDue()) > 0) continue;
        const due = await deliveries.nextDueInMs();
        if (due !== undefined) waitMs = Math.min(waitMs, Math.max(due, 1));
      } catch (error) {
        this.events.onError?.(this.channel.name, error);
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

  /** Returns how many deliveries were claimed. */
  private async sendDue(): Promise<number> {
    if ((await this.disabledEndpoint()) !== undefined) return 0;
    const claimed = await channelDeliveriesRepository(this.db, this.channel.name).claim(CLAIM_BATCH, this.policy.leaseMs);
    await Promise.all(claimed.map((delivery) => this.send(delivery)));
    return claimed.length;
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    const name = this.channel.name;
    const deliveries = channelDeliveriesRepository(this.db, name);
    const outcome = await this.channel.send(delivery.body, delivery.id, this.stopping.signal);
    // Cut short by the stop, not failed: unclaimed, and not counted as an attempt, it is sent again after.
    if (this.stopped && outcome.kind !== 'accepted') return deliveries.release(delivery.id);
    if (outcome.kind === 'accepted') {
      await deliveries.delivered(delivery.id, outcome.note);
      this.events.onDelivered?.(name, delivery.id, outcome);
      return;
    }
    if (outcome.kind === 'gone') {
      await deliveries.release(delivery.id);
      await this.disable();
      return;
    }
    const delayMs = outcome.final ? undefined : nextAttemptDelayMs(this.policy, delivery.attempts, outcome.retryAfterMs);
    if (delayMs === undefined) {
      const reason = outcome.final ? outcome.reason : `${outcome.reason}; given up after ${delivery.attempts} attempts`;
      await deliveries.dead(delivery.id, reason);
      this.events.onFailed?.(name, delivery.id, reason, 'dead');
    } else {
      await deliveries.retryLater(delivery.id, delayMs, outcome.reason);
      this.events.onFailed?.(name, delivery.id, outcome.reason, 'retry');
    }
  }

  private async disable(): Promise<void> {
    const { endpoint } = this.channel;
    if (endpoint === undefined) return;
    const reason = `the receiver answered 410 Gone at ${new Date().toISOString()}: nothing more is sent until POST /api/alerts/test gets through`;
    await alertEndpointsRepository(this.db).disable(endpoint, reason);
    this.events.onEndpointDisabled?.(this.channel.name, reason);
  }
}
