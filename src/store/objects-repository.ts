import type { ObjectType } from '../metrics/stripe-shapes.ts';
import type { Queryable } from './database.ts';

export type { ObjectType };

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

/** What one upsert did to one object whose new state was written. */
export interface WrittenObject {
  id: string;
  /** The customer it belongs to (itself, for a customer), when it names one. */
  customerId: string | null;
  /** The stored state differs from what was there before, or it is new. */
  changed: boolean;
  /** The fields named in `watchedFields` differ from before, or the object is new. */
  watchedChanged: boolean;
  /** It was stored before, and not as deleted. */
  wasLive: boolean;
  live: boolean;
}

/**
 * One statement per batch: the rows travel as one jsonb array, which both PGlite and node-postgres bind
 * the same way. The guard keeps the newest observed state: an older one never overwrites it, and after a
 * deletion only a strictly newer state may bring the object back. Every sub-statement of a WITH sees the
 * table as it was before the statement, so `prior` holds the states being replaced. `prior` is read by key,
 * one probe per incoming id, and what changed is judged against the incoming states, so no stored
 * document travels back.
 */
const UPSERT_SQL = `
  with incoming as (
    select e->>'id' as id, e, coalesce((e->>'deleted')::boolean, false) as deleted, ($2::bigint[])[n] as version
    from jsonb_array_elements($3::jsonb) with ordinality as t(e, n)
  ),
  prior as (
    select o.id, o.data, o.deleted from incoming i join stripe_objects o on o.type = $1 and o.id = i.id
  ),
  written as (
    insert into stripe_objects as o (type, id, customer_id, data, created, version, deleted, updated_at)
    select $1,
           i.id,
           case when $1 = 'customer' then i.id when jsonb_typeof(i.e->'customer') = 'string' then i.e->>'customer' end,
           i.e,
           coalesce((i.e->>'created')::bigint, 0),
           i.version,
           i.deleted,
           now()
    from incoming i
    on conflict (type, id) do update
      set customer_id = coalesce(excluded.customer_id, o.customer_id),
          data = case when excluded.deleted then o.data || jsonb_build_object('deleted', true) else excluded.data end,
          created = case when excluded.created = 0 then o.created else excluded.created end,
          version = excluded.version,
          deleted = excluded.deleted,
          updated_at = now()
      where o.version <= excluded.version
        and (not o.deleted or excluded.deleted or o.version < excluded.version)
    returning o.id, o.customer_id
  )
  select w.id,
         w.customer_id as "customerId",
         (p.id is null or p.deleted <> i.deleted or (not i.deleted and p.data is distinct from i.e)) as changed,
         (p.id is null or (select jsonb_object_agg(k, p.data->k) from unnest($4::text[]) k)
                            is distinct from (select jsonb_object_agg(k, s.data->k) from unnest($4::text[]) k)) as "watchedChanged",
         coalesce(not p.deleted, false) as "wasLive",
         not i.deleted as live
  from written w
  join incoming i on i.id = w.id
  left join prior p on p.id = w.id
  cross join lateral (select case when i.deleted then p.data else i.e end as data) s`;

/**
 * A few customers' objects through the (type, customer_id) index, one probe per customer. Without the
 * lateral fence the planner, whose statistics go stale while a sync writes (PGlite never vacuums, and a
 * server may run without autovacuum), can choose to hash the whole type.
 */
const BY_CUSTOMERS = `from unnest($2::text[]) as c(id)
  cross join lateral (select * from stripe_objects where type = $1 and customer_id = c.id offset 0) o`;

/**
 * One state per object, the one the version guard would keep had they been written one by one: the
 * newer, and at the same time the later, unless the earlier one deleted the object.
 */
export function newestStates<T extends StripeObjectLike>(objects: readonly T[], version: number | readonly number[]): Array<{ object: T; version: number }> {
  const newest = new Map<string, { object: T; version: number }>();
  objects.forEach((object, i) => {
    const observed = typeof version === 'number' ? version : version[i]!;
    const kept = newest.get(object.id);
    const replaces = !kept || observed > kept.version || (observed === kept.version && (kept.object.deleted !== true || object.deleted === true));
    if (replaces) newest.set(object.id, { object, version: observed });
  });
  return [...newest.values()];
}

export function objectsRepository(db: Queryable) {
  return {
    /**
     * Writes each object's state unless a newer one is stored, and says what changed for those written.
     * `version` is when the states were observed: one time for all, or one per object. Of one object
     * given twice, the one `newestStates` keeps is written. `watchedFields` names the fields a caller
     * reacts to (what pricing reads of a price, say).
     */
    async upsert(
      type: ObjectType,
      objects: readonly StripeObjectLike[],
      version: number | readonly number[],
      watchedFields: readonly string[] = [],
    ): Promise<WrittenObject[]> {
      if (objects.length === 0) return [];
      const rows = newestStates(objects, version);
      return db.query<WrittenObject>(UPSERT_SQL, [type, rows.map((r) => r.version), JSON.stringify(rows.map((r) => r.object)), watchedFields]);
    },

    async get<T>(type: ObjectType, id: string): Promise<StoredObject<T> | undefined> {
      const [row] = await db.query<StoredObject<T>>(
        'select id, data, deleted, version from stripe_objects where type = $1 and id = $2',
        [type, id],
      );
      return row;
    },

    /** The stored objects among `ids`, deleted ones included; unknown ids are left out. */
    async getMany<T>(type: ObjectType, ids: readonly string[]): Promise<StoredObject<T>[]> {
      if (ids.length === 0) return [];
      return db.query<StoredObject<T>>(
        `select o.id, o.data, o.deleted, o.version
         from unnest($2::text[]) as k(id) join stripe_objects o on o.type = $1 and o.id = k.id`,
        [type, ids],
      );
    },

    /** The objects of a type that belong to any of these customers, deleted ones included. */
    async byCustomers<T>(type: ObjectType, customerIds: readonly string[]): Promise<StoredObject<T>[]> {
      if (customerIds.length === 0) return [];
      return db.query<StoredObject<T>>(
        `select o.id, o.data, o.deleted, o.version ${BY_CUSTOMERS} order by o.id`,
        [type, customerIds],
      );
    },

    async idsByCustomers(type: ObjectType, customerIds: readonly string[]): Promise<string[]> {
      if (customerIds.length === 0) return [];
      const rows = await db.query<{ id: string }>(`select o.id ${BY_CUSTOMERS}`, [type, customerIds]);
      return rows.map((r) => r.id);
    },

    /** The ids among `ids` that are stored (deleted ones too): what a re-fetch need not fetch again. */
    async storedIds(type: ObjectType, ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.query<{ id: string }>(
        'select o.id from unnest($2::text[]) as k(id) join stripe_objects o on o.type = $1 and o.id = k.id',
        [type, ids],
      );
      return new Set(rows.map((r) => r.id));
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

    /** Customers that are not deleted: `customers_total` (rule 8). */
    async countLiveCustomers(): Promise<number> {
      const [row] = await db.query<{ n: number }>("select count(*)::int as n from stripe_objects where type = 'customer' and not deleted");
      return row?.n ?? 0;
    },

    /**
     * Stripe's lists leave deleted customers out, so a complete listing is how a sync learns of deletions
     * it missed: every object it listed was written with a version from `listedFrom` on, so a live one
     * still older than that was not in the listing.
     */
    async unlistedIds(type: ObjectType, listedFrom: number): Promise<string[]> {
      const rows = await db.query<{ id: string }>('select id from stripe_objects where type = $1 and not deleted and version < $2', [type, listedFrom]);
      return rows.map((r) => r.id);
    },
  };
}

export type ObjectsRepository = ReturnType<typeof objectsRepository>;
