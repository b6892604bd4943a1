import type { Queryable } from './database.ts';

export type RefType = 'price' | 'coupon';
export type RefOwner = 'subscription' | 'customer';

export interface Ref {
  refType: RefType;
  refId: string;
  ownerId: string;
}

/** The prices and coupons each derivation read, so that a change to one re-derives only its owners. */
export function revenueRefsRepository(db: Queryable) {
  return {
    /** Replaces everything these owners refer to. */
    async replace(ownerType: RefOwner, ownerIds: readonly string[], refs: readonly Ref[]): Promise<void> {
      if (ownerIds.length === 0) return;
      await db.query('delete from revenue_refs where owner_type = $1 and owner_id = any($2::text[])', [ownerType, ownerIds]);
      if (refs.length === 0) return;
      await db.query(
        `insert into revenue_refs (ref_type, ref_id, owner_type, owner_id)
         select distinct r."refType", r."refId", $1, r."ownerId"
         from jsonb_to_recordset($2::jsonb) as r("refType" text, "refId" text, "ownerId" text)
         on conflict do nothing`,
        [ownerType, JSON.stringify(refs)],
      );
    },

    /** The owners of any of these prices or coupons; subscriptions with their customer. */
    async owners(refType: RefType, refIds: readonly string[]): Promise<{ subscriptions: Array<{ id: string; customerId: string }>; customers: string[] }> {
      if (refIds.length === 0) return { subscriptions: [], customers: [] };
      const rows = await db.query<{ ownerType: RefOwner; ownerId: string; customerId: string | null }>(
        `select distinct r.owner_type as "ownerType", r.owner_id as "ownerId", s.customer_id as "customerId"
         from revenue_refs r left join revenue_subscriptions s on r.owner_type = 'subscription' and s.subscription_id = r.owner_id
         where r.ref_type = $1 and r.ref_id = any($2::text[])`,
        [refType, refIds],
      );
      return {
        subscriptions: rows.filter((r) => r.ownerType === 'subscription').map((r) => ({ id: r.ownerId, customerId: r.customerId ?? '' })),
        customers: rows.filter((r) => r.ownerType === 'customer').map((r) => r.ownerId),
      };
    },
  };
}
