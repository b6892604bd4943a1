/**
 * The emulated account: every object the API serves, plus the mutations that tests and the demo's
 * live activity use to change it. Objects are stored in their full form (a subscription holds all
 * its items, an invoice all its lines); `render.ts` cuts them down to what Stripe would send.
 */
import Stripe from 'stripe';
import type { StripeDiscount, StripeEvent } from '../metrics/stripe-shapes.ts';
import { Collection } from './collection.ts';
import { IdFactory } from './ids.ts';
import { MrrPlan } from './mrr-plan.ts';
import { renderForEvent } from './render.ts';
import type { ObjectType, StoredTypes } from './stored-types.ts';

export type { ObjectType, StoredTypes };

/** The API version our events claim; the SDK pins it, so the emulator follows the SDK. */
export const EMULATED_API_VERSION: string = Stripe.API_VERSION;


export interface EmulatorStateOptions {
  /** Unix seconds; defaults to the wall clock. Tests and the generator pin it. */
  now?: () => number;
}

export interface RecordEventOptions {
  created?: number;
  requestId?: string | null;
}

export class EmulatorState {
  readonly ids = new IdFactory();
  readonly now: () => number;
  /** Discounts are reached through their owners (ids on subscriptions/items), never listed. */
  readonly discounts = new Map<string, StripeDiscount>();
  /** What the generator and live activity decided each subscription pays; empty for hand-built accounts. */
  readonly plan = new MrrPlan();
  private readonly collections: { [K in ObjectType]: Collection<StoredTypes[K]> } = {
    customer: new Collection(),
    subscription: new Collection(),
    price: new Collection(),
    coupon: new Collection(),
    charge: new Collection(),
    invoice: new Collection(),
    credit_note: new Collection(),
    event: new Collection(),
  };

  constructor(options: EmulatorStateOptions = {}) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  collection<K extends ObjectType>(type: K): Collection<StoredTypes[K]> {
    return this.collections[type];
  }

  get<K extends ObjectType>(type: K, id: string): StoredTypes[K] | undefined {
    return this.collections[type].get(id);
  }

  add<K extends ObjectType>(type: K, obj: StoredTypes[K]): StoredTypes[K] {
    if (this.collections[type].has(obj.id)) throw new Error(`${type} ${obj.id} already exists`);
    this.collections[type].put(obj);
    return obj;
  }

  replace<K extends ObjectType>(type: K, obj: StoredTypes[K]): StoredTypes[K] {
    if (!this.collections[type].has(obj.id)) throw new Error(`${type} ${obj.id} does not exist`);
    this.collections[type].put(obj);
    return obj;
  }

  /**
   * Customers stay behind as tombstones (Stripe still answers a retrieve with `deleted: true`, and a
   * sync's cursor may point at one); other objects disappear.
   */
  delete(type: ObjectType, id: string): void {
    if (type === 'customer') {
      const customer = this.collections.customer.get(id);
      if (!customer) throw new Error(`customer ${id} does not exist`);
      this.collections.customer.put({ ...customer, deleted: true });
      return;
    }
    if (!this.collections[type].remove(id)) throw new Error(`${type} ${id} does not exist`);
  }

  addDiscount(discount: StripeDiscount): StripeDiscount {
    this.discounts.set(discount.id, discount);
    return discount;
  }

  /** Stores an event whose `data.object` is a snapshot of `object` as the API would render it now. */
  recordEvent<T extends { id: string; object: string }>(
    type: string,
    object: T,
    previousAttributes?: Record<string, unknown>,
    options: RecordEventOptions = {},
  ): StripeEvent {
    const event: StripeEvent = {
      id: this.ids.next('evt'),
      object: 'event',
      type,
      created: options.created ?? this.now(),
      api_version: EMULATED_API_VERSION,
      livemode: false,
      pending_webhooks: 0,
      request: { id: options.requestId ?? null, idempotency_key: null },
      data: {
        object: structuredClone(renderForEvent(this, object)),
        ...(previousAttributes ? { previous_attributes: structuredClone(previousAttributes) } : {}),
      },
    };
    this.collections.event.put(event);
    return event;
  }
}
