import { chargeNetRevenue } from '../metrics/index.ts';
import { countedLines } from '../metrics/history/index.ts';
import { PRICING_FIELDS } from '../metrics/pricing-inputs.ts';
import { readObject } from '../metrics/shapes/read-object.ts';
import type { StripeCharge, StripeInvoice } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository, type ObjectType, type StripeObjectLike, type WrittenObject } from '../store/objects-repository.ts';
import { revenueChargesRepository } from '../store/revenue-charges-repository.ts';
import { revenueLinesRepository } from '../store/revenue-lines-repository.ts';
import { revenuePendingRepository } from '../store/revenue-pending-repository.ts';
import { revenueRefsRepository } from '../store/revenue-refs-repository.ts';
import type { DerivationContext } from './derivation-context.ts';
import { PermanentEventFailure } from './event-failure.ts';
import { deriveRevenue, DerivationWork } from './derive-revenue.ts';
import { RevenueChange } from './revenue-change.ts';
import { watchLifecycle } from './write-lifecycle-alerts.ts';

/** States of objects of one type. */
export interface ObjectStates {
  type: ObjectType;
  objects: readonly StripeObjectLike[];
  /**
   * Unix ms when the request that observed them was sent, for all or for each: an older state never
   * overwrites a newer one.
   */
  version: number | readonly number[];
}

/**
 * `now`: derive at once, in this transaction (a webhook event). `sync`: owe the derivation and let the
 * sync release it when it has listed what history needs, so a customer is derived once per sync.
 */
export type DeriveMode = 'now' | 'sync';

/** Above this, derivation runs in the background in batches, so one change never stalls the ones behind it. */
export const INLINE_DERIVATION_LIMIT = 200;

/** The ids of objects that were stored, live, before this write. */
const stored = (written: readonly WrittenObject[]): string[] => written.filter((w) => w.wasLive).map((w) => w.id);

const watched = (type: ObjectType): readonly string[] => (type === 'price' || type === 'coupon' || type === 'customer' ? PRICING_FIELDS[type] : []);

/**
 * The one way an object's state enters the store, whether it came from a sync page, a webhook, the
 * events catch-up or start-up recovery: upsert with the version guard, then bring the derived revenue
 * state in line for what changed, in the caller's transaction. Returns the change to the figures; when
 * `deferred` is true, part of the derivation is owed in revenue_pending and follows in the background.
 */
export async function applyObjects(
  tx: Queryable,
  batches: readonly ObjectStates[],
  ctx: DerivationContext,
  mode: DeriveMode,
): Promise<{ change: RevenueChange; deferred: boolean }> {
  const change = new RevenueChange();
  const work = new DerivationWork();
  const objects = objectsRepository(tx);
  for (const unread of batches) {
    const batch = readable(unread, ctx, mode);
    const writeLifecycleAlerts = await watchLifecycle(tx, batch.type, batch.objects, ctx);
    const written = await objects.upsert(batch.type, batch.objects, batch.version, watched(batch.type));
    const changed = written.filter((w) => w.changed);
    if (changed.length === 0) continue;
    const states = new Map(batch.objects.map((o) => [o.id, o]));
    await follow(tx, batch.type, changed, states, work, change);
    await writeLifecycleAlerts?.(changed, states);
  }
  if (work.size === 0) return { change, deferred: false };
  if (mode === 'now' && work.size <= INLINE_DERIVATION_LIMIT) return { change: change.merge(await deriveRevenue(tx, work, ctx)), deferred: false };
  await revenuePendingRepository(tx).add(work.entries(), mode === 'sync');
  return { change, deferred: true };
}

/**
 * The batch read into the shape the engine reads, whatever API version it came in. An object that
 * can't be read fails its event (set aside, with the reason), but is only left out of a sync page:
 * one odd object must not stop a sync.
 */
function readable(batch: ObjectStates, ctx: DerivationContext, mode: DeriveMode): ObjectStates {
  const objects: StripeObjectLike[] = [];
  const versions: number[] = [];
  batch.objects.forEach((raw, i) => {
    const read = readObject(batch.type, raw);
    if (read.ok) {
      objects.push(read.object);
      versions.push(typeof batch.version === 'number' ? batch.version : batch.version[i]!);
      return;
    }
    if (mode === 'now') throw new PermanentEventFailure(`${batch.type} ${read.id} can't be read: ${read.reason}`);
    ctx.onUnreadable(batch.type, read.id, read.reason);
  });
  return { type: batch.type, objects, version: versions };
}

/** What a written change owes: its own figures now (charges, lines, customer counts), the rest as derivation work. */
async function follow(
  tx: Queryable,
  type: ObjectType,
  changed: readonly WrittenObject[],
  states: ReadonlyMap<string, StripeObjectLike>,
  work: DerivationWork,
  change: RevenueChange,
): Promise<void> {
  switch (type) {
    case 'customer':
      for (const w of changed) {
        change.delta.customer({ countedBefore: w.wasLive, countedAfter: w.live });
        // The customer's discount applies to those of its subscriptions that have none of their own.
        if (w.watchedChanged) work.customer(w.id);
      }
      return;
    case 'subscription':
      for (const w of changed) work.subscription(w.id, w.customerId ?? '');
      return;
    case 'price':
    case 'coupon': {
      const owners = await revenueRefsRepository(tx).owners(type, changed.filter((w) => w.watchedChanged).map((w) => w.id));
      for (const sub of owners.subscriptions) work.subscription(sub.id, sub.customerId);
      for (const id of owners.customers) work.history(id);
      return;
    }
    case 'invoice': {
      const live = changed.map((w) => states.get(w.id) as unknown as StripeInvoice & { deleted?: boolean }).filter((i) => i.deleted !== true);
      // Only an invoice stored before can have lines to replace: a first sync deletes nothing.
      const hadLines = await revenueLinesRepository(tx).replace(stored(changed), live.flatMap(countedLines));
      for (const customer of [...hadLines, ...live.map((invoice) => invoice.customer)]) work.history(customer);
      return;
    }
    case 'charge': {
      const rows = changed
        .map((w) => states.get(w.id) as unknown as StripeCharge & { deleted?: boolean })
        .filter((charge) => charge.deleted !== true)
        .map((charge) => ({ chargeId: charge.id, ...chargeNetRevenue(charge) }));
      const old = await revenueChargesRepository(tx).replace(stored(changed), rows);
      for (const row of old) change.delta.charge(row, undefined);
      for (const row of rows) change.delta.charge(undefined, row);
      return;
    }
    case 'credit_note':
      // Kept as the record of credits: the money they returned is already in their charges' refunds.
      return;
  }
}
