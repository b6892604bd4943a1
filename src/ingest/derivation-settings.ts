import { createHash } from 'node:crypto';
import { chargeNetRevenue } from '../metrics/index.ts';
import { countedLines } from '../metrics/history/index.ts';
import type { StripeCharge, StripeInvoice } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenueChargesRepository } from '../store/revenue-charges-repository.ts';
import { revenueLinesRepository } from '../store/revenue-lines-repository.ts';
import { revenuePendingRepository } from '../store/revenue-pending-repository.ts';
import { revenueSettingsRepository } from '../store/revenue-settings-repository.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import type { RevenueFigures } from './revenue-figures.ts';
import { RevenueChange } from './revenue-change.ts';

/** Raised whenever the rules that derive rows change, so stores derived by older code are derived again. */
const RULES_VERSION = 1;
const BATCH = 1000;

/** What the derived rows depend on besides the objects: the rules, the discount policy and the rates. */
export function derivationFingerprint(ctx: Pick<DerivationContext, 'policy' | 'rates'>): string {
  const settings = {
    rules: RULES_VERSION,
    policy: ctx.policy,
    reporting: ctx.rates.reportingCurrency,
    rates: [...ctx.rates.rates].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

/**
 * When the store's derived rows were made under other settings (or none: a new or upgraded store),
 * derives everything again from the stored objects, batch by batch, while the current figures stay
 * served: invoice lines and charges first, then every customer is owed a derivation, which the
 * deriver works through. The new settings are recorded with that debt, so a crash in between starts over.
 * Returns whether anything was owed.
 */
export async function rederiveIfSettingsChanged(db: Database, ctx: DerivationContext, figures: RevenueFigures): Promise<boolean> {
  const fingerprint = derivationFingerprint(ctx);
  if ((await revenueSettingsRepository(db).fingerprint()) === fingerprint) return false;
  const objects = objectsRepository(db);
  for await (const batch of objects.scan<StripeInvoice>('invoice', { includeDeleted: true, batchSize: BATCH })) {
    await inApplyTransaction(db, async (tx) => {
      const live = (await objectsRepository(tx).getMany<StripeInvoice>('invoice', batch.map((r) => r.id))).filter((r) => !r.deleted);
      await revenueLinesRepository(tx).replace(batch.map((r) => r.id), live.flatMap((r) => countedLines(r.data)));
    });
  }
  for await (const batch of objects.scan<StripeCharge>('charge', { includeDeleted: true, batchSize: BATCH })) {
    const change = await inApplyTransaction(db, async (tx) => {
      const live = (await objectsRepository(tx).getMany<StripeCharge>('charge', batch.map((r) => r.id))).filter((r) => !r.deleted);
      const rows = live.map((r) => ({ chargeId: r.id, ...chargeNetRevenue(r.data) }));
      const old = await revenueChargesRepository(tx).replace(batch.map((r) => r.id), rows);
      const change = new RevenueChange();
      for (const row of old) change.delta.charge(row, undefined);
      for (const row of rows) change.delta.charge(undefined, row);
      await figures.record(tx, change);
      return change;
    });
    figures.apply(change);
  }
  await inApplyTransaction(db, async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `select id from stripe_objects where type = 'customer'
       union select customer_id from stripe_objects where type in ('subscription', 'invoice') and customer_id is not null
       union select customer_id from revenue_subscriptions
       union select customer_id from revenue_customers`,
    );
    await revenuePendingRepository(tx).add(rows.map((r) => ({ kind: 'customer', id: r.id, customerId: r.id })));
    await revenueSettingsRepository(tx).setFingerprint(fingerprint);
  });
  return true;
}
