import type { Queryable } from './database.ts';

export type ObjectType = 'customer' | 'subscription' | 'price' | 'coupon' | 'charge' | 'invoice' | 'credit_note';

export interface StripeObjectLike {
  id: string;
  created?: number;
  customer?: unknown;
  deleted?: boolean;
}

export interface StoredObject<T> {
  id: string;
  data: T;
  deleted: boolean;
  version: number;
}

/**
 * One statement per batch: the rows travel as one jsonb array, which both PGlite and node-postgres bind
 * the same way. The guard keeps the newest observed state: an older one never overwrites it, and after a
 * deletion only a strictly newer state may bring the object back.
 */
const UPSERT_SQL = `
  insert into stripe_objects as o (type, id, customer_id, data, created, version, deleted, updated_at)
  select $1,
         e->>'id',
         case when $1 = 'customer' then e->>'id' when jsonb_typeof(e->'customer') = 'string' then e->>'customer' end,
         e,
         coalesce((e->>'created')::bigint, 0),
         $2,
         coalesce((e->>'deleted')::boolean, false),
         now()
  from jsonb_array_elements($3::jsonb) as e
  on conflict (type, id) do update
    set customer_id = coalesce(excluded.customer_id, o.customer_id),
        data = case when excluded.deleted then o.data || jsonb_build_object('deleted', true) else excluded.data end,
        created = case when excluded.created = 0 then o.created else excluded.created end,
        version = excluded.version,
        deleted = excluded.deleted,
        updated_at = now()
    where o.version <= excluded.version
      and (not o.deleted or excluded.deleted or o.version < excluded.version)
  returning id`;

export function objectsRepository(db: Queryable) {
  return {
    /** Returns the ids whose stored state changed. */
    async upsert(type: ObjectType, objects: readonly StripeObjectLike[], version: number): Promise<string[]> {
      if (objects.length === 0) return [];
      const latestById = new Map(objects.map((o) => [o.id, o]));
      const rows = await db.query<{ id: string }>(UPSERT_SQL, [type, version, JSON.stringify([...latestById.values()])]);
      return rows.map((r) => r.id);
    },

    async get<T>(type: ObjectType, id: string): Promise<StoredObject<T> | undefined> {
      const [row] = await db.query<StoredObject<T>>(
        'select id, data, deleted, version from stripe_objects where type = $1 and id = $2',
        [type, id],
      );
      return row;
    },

    async byCustomer<T>(type: ObjectType, customerId: string): Promise<StoredObject<T>[]> {
      return db.query<StoredObject<T>>(
        'select id, data, deleted, version from stripe_objects where type = $1 and customer_id = $2 order by id',
        [type, customerId],
      );
    },

    /** Keyset pages in id order, so accounts of any size are read in bounded memory. */
    async *scan<T>(type: ObjectType, options: { includeDeleted?: boolean; batchSize?: number } = {}): AsyncGenerator<StoredObject<T>[]> {
      const batchSize = options.batchSize ?? 2000;
      let after = '';
      for (;;) {
        const rows = await db.query<StoredObject<T>>(
          `select id, data, deleted, version from stripe_objects
           where type = $1 and id > $2 and ($3 or not deleted)
           order by id limit $4`,
          [type, after, options.includeDeleted ?? false, batchSize],
        );
        if (rows.length > 0) yield rows;
        if (rows.length < batchSize) return;
        after = rows[rows.length - 1]!.id;
      }
    },


    /**
     * Stripe's lists leave deleted customers out, so a complete listing is how a sync learns of deletions
     * it missed: what was stored before `version` and not seen now is gone.
     */
    async markDeletedExcept(type: ObjectType, seenIds: readonly string[], version: number): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `update stripe_objects
         set deleted = true, data = data || '{"deleted": true}'::jsonb, version = $3, updated_at = now()
         where type = $1 and not deleted and version < $3
           and not (id = any (select jsonb_array_elements_text($2::jsonb)))
         returning id`,
        [type, JSON.stringify(seenIds), version],
      );
      return rows.map((r) => r.id);
    },
  };
}

export type ObjectsRepository = ReturnType<typeof objectsRepository>;
