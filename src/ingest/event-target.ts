import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { ObjectType } from '../metrics/stripe-shapes.ts';

const STORED_OBJECTS: Readonly<Record<string, ObjectType>> = {
  customer: 'customer',
  subscription: 'subscription',
  price: 'price',
  coupon: 'coupon',
  charge: 'charge',
  invoice: 'invoice',
  credit_note: 'credit_note',
};

export interface EventTarget {
  type: ObjectType;
  id: string;
  /** The object as the event carried it; used as the new state only when there is no key to re-fetch with. */
  payload: { id: string; deleted?: boolean };
  /** `customer.deleted`, `coupon.deleted`, `price.deleted`; a deleted subscription is merely canceled. */
  deleted: boolean;
}

/** Which stored object an event changes; undefined for events the figures don't depend on. */
export function eventTarget(event: StripeEvent): EventTarget | undefined {
  const object = event.data.object as { id?: unknown; object?: unknown };
  // Own keys only: `"object": "__proto__"` must not find the prototype.
  const type = typeof object.object === 'string' && Object.hasOwn(STORED_OBJECTS, object.object) ? STORED_OBJECTS[object.object] : undefined;
  if (type === undefined || typeof object.id !== 'string') return undefined;
  const deleted = type !== 'subscription' && event.type.endsWith('.deleted');
  return { type, id: object.id, payload: object as EventTarget['payload'], deleted };
}
