import { createHash } from 'node:crypto';
import type { AlertBody, GroupAlertBody } from '../alerts/alert-body.ts';
import type { AlertChannel } from '../alerts/alert-channel.ts';
import type { ChannelPolicy } from '../alerts/alert-rules.ts';
import { dayStart, planSends } from '../alerts/channel-pacing.ts';
import type { DeliveryOutcome } from '../alerts/delivery-outcome.ts';
import { nextAttemptDelayMs, type AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import { sampleAlert } from '../alerts/sample-alert.ts';
import { alertEndpointsRepository, type DisabledEndpoint } from '../store/alert-endpoints-repository.ts';
import { channelDeliveriesRepository, type ClaimedDelivery } from '../store/alert-deliveries-repository.ts';
import type { Database } from '../store/database.ts';

/** Deliveries one sender takes at once; they are sent side by side, each well within the lease. */
const CLAIM_BATCH = 10;
/** A paced channel takes more at once: a burst it groups is what it finds due together. */
const PACED_CLAIM_BATCH = 50;
/** The most held-back alerts one digest carries; the rest wait for the next. */
const DIGEST_CARRIES = 200;

/** How a channel paces what it sends (alerts.yaml), and whether a digest is sent to it to hold alerts for. */
export interface ChannelPacing {
  policy: ChannelPolicy;
  hasDigest: boolean;
  nowMs?: () => number;
}

const unpaced = (policy: ChannelPolicy) => policy.quietHours === undefined && policy.cooldownSeconds === 0 && policy.dailyCap === undefined && policy.groupFrom === 0;

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
    private readonly pacing?: ChannelPacing,
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
    const deliveries = channelDeliveriesRepository(this.db, this.channel.name);
    const pacing = this.pacing === undefined || unpaced(this.pacing.policy) ? undefined : this.pacing;
    const claimed = await deliveries.claim(pacing ? PACED_CLAIM_BATCH : CLAIM_BATCH, this.policy.leaseMs);
    if (pacing === undefined || claimed.length === 0) {
      await Promise.all(claimed.map((delivery) => this.send([delivery])));
      return claimed.length;
    }
    const now = (pacing.nowMs ?? Date.now)();
    const history = await deliveries.sentHistory(dayStart(pacing.policy, now));
    // A digest is the time to read what was held back: it goes as scheduled.
    const due = claimed.map((d) => ({ alertId: d.id, urgent: d.urgent || d.body.type === 'digest' }));
    const plan = planSends(due, pacing.policy, history, now, pacing.hasDigest);
    for (const { alertIds, untilMs } of plan.wait) await deliveries.holdUntil(alertIds, untilMs);
    if (plan.toDigest.length > 0) await deliveries.deferToDigest(plan.toDigest);
    const byId = new Map(claimed.map((d) => [d.id, d]));
    for (const message of plan.send) await this.send(message.map((id) => byId.get(id)!));
    return claimed.length;
  }

  /** One message: an alert, a digest with what was held for it, or a burst grouped. */
  private async send(group: readonly ClaimedDelivery[]): Promise<void> {
    const name = this.channel.name;
    const deliveries = channelDeliveriesRepository(this.db, name);
    const [first] = group;
    const held = first!.body.type === 'digest' ? await deliveries.deferred(DIGEST_CARRIES) : [];
    const { id, body } = group.length > 1 ? groupMessage(group) : { id: first!.id, body: withHeld(first!.body, held) };
    const outcome = await this.channel.send(body, id, this.stopping.signal);
    const settle = async (each: (delivery: ClaimedDelivery) => Promise<void>) => {
      for (const delivery of group) await each(delivery);
    };
    // Cut short by the stop, not failed: unclaimed, and not counted as an attempt, it is sent again after.
    if (this.stopped && outcome.kind !== 'accepted') return settle((d) => deliveries.release(d.id));
    if (outcome.kind === 'accepted') {
      await settle((d) => deliveries.delivered(d.id, outcome.note, group.length > 1 ? id : undefined));
      await deliveries.deliveredWithin(held.map((h) => h.id), id);
      for (const delivery of group) this.events.onDelivered?.(name, delivery.id, outcome);
      return;
    }
    if (outcome.kind === 'gone') {
      await settle((d) => deliveries.release(d.id));
      await this.disable();
      return;
    }
    await settle((delivery) => this.failed(delivery, outcome));
  }

  private async failed(delivery: ClaimedDelivery, outcome: Extract<DeliveryOutcome, { kind: 'failed' }>): Promise<void> {
    const name = this.channel.name;
    const deliveries = channelDeliveriesRepository(this.db, name);
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

/** A burst as one body, its id made from its alerts' ids (the same burst retried is the same message). */
function groupMessage(group: readonly ClaimedDelivery[]): { id: string; body: GroupAlertBody } {
  const id = `group:${createHash('sha256').update(group.map((d) => d.id).join('\n')).digest('hex').slice(0, 24)}`;
  const alerts = group.map((d) => d.body).filter((body): body is GroupAlertBody['alerts'][number] => body.type !== 'group');
  const livemode = alerts.find((a) => a.livemode !== null)?.livemode ?? null;
  return { id, body: { type: 'group', id, occurred_at: new Date().toISOString(), livemode, alerts } };
}

/** A digest carries what the channel held back for it. */
function withHeld(body: AlertBody, held: ReadonlyArray<{ body: AlertBody }>): AlertBody {
  if (body.type !== 'digest' || held.length === 0) return body;
  return { ...body, deferred: held.map((h) => h.body).filter((b): b is typeof body.deferred[number] => b.type !== 'group') };
}
