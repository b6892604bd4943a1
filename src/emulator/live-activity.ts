/**
 * Live activity for the demo and for tests: every tick makes a realistic change to the account at the
 * emulator's clock (`state.now()`), records the Stripe events it causes, and optionally delivers them
 * to a webhook endpoint. `tick()` drives it without timers; `intervalMs` ticks on its own.
 */
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { cancelNow, changePlan, livePrices, newCustomer, newSubscriptionForExisting, refundCharge, scheduleCancel, type LiveContext } from './live-changes.ts';
import { recoverPastDue, renewDue } from './live-renewals.ts';
import { createRng } from './prng.ts';
import type { EmulatorState } from './state.ts';
import { WebhookSender, type DeliveryStats, type WebhookTarget } from './webhook-sender.ts';

export interface LiveActivityOptions {
  state: EmulatorState;
  seed?: number;
  /** Ticks on a timer every this often; 0 leaves ticking to `tick()`. Defaults to 3000. */
  intervalMs?: number;
  webhook?: WebhookTarget & { maxAttempts?: number; baseDelayMs?: number };
  onEvent?: (event: StripeEvent) => void;
}

export interface LiveActivity {
  /** One change now; resolves to the events it recorded (already queued for the webhook). */
  tick(): Promise<StripeEvent[]>;
  /** Resolves once every event so far is delivered to the webhook or given up on. */
  flush(): Promise<void>;
  /** Stops ticking and drops undelivered webhooks (an in-flight one is aborted). */
  stop(): Promise<void>;
  readonly deliveries: DeliveryStats | null;
}

type Change = (ctx: LiveContext) => StripeEvent[];

const CHANGES: ReadonlyArray<readonly [Change, number]> = [
  [newCustomer, 30],
  [newSubscriptionForExisting, 8],
  [changePlan, 20],
  [scheduleCancel, 7],
  [cancelNow, 7],
  [recoverPastDue, 8],
  [refundCharge, 8],
];
/** Renewals that fell due are handled first, a few per tick so a long pause does not flood. */
const RENEWALS_PER_TICK = 5;

export function startLiveActivity(options: LiveActivityOptions): LiveActivity {
  const { state, onEvent } = options;
  const ctx: LiveContext = { state, rng: createRng(options.seed ?? 1), prices: livePrices(state) };
  const sender = options.webhook ? new WebhookSender(options.webhook) : null;
  let stopped = false;

  const tick = async (): Promise<StripeEvent[]> => {
    if (stopped) return [];
    const events = renewDue(ctx, RENEWALS_PER_TICK);
    // A change that finds nothing to act on gives way to another, so most ticks show something.
    for (let attempt = 0; events.length === 0 && attempt < 3; attempt++) events.push(...ctx.rng.weighted(CHANGES)(ctx));
    for (const event of events) {
      sender?.send(event);
      try {
        onEvent?.(event);
      } catch {
        // A listener's failure is the listener's problem; the activity goes on.
      }
    }
    return events;
  };

  const intervalMs = options.intervalMs ?? 3000;
  const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : null;
  timer?.unref();

  return {
    tick,
    flush: async () => sender?.idle(),
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await sender?.stop();
    },
    get deliveries() {
      return sender?.stats ?? null;
    },
  };
}
