import type { Queryable } from './database.ts';

export interface CustomerListRow {
  id: string;
  name: string | null;
  email: string | null;
  /** Reporting minor units, converted per currency and rounded once each, as the headline does. */
  reportingMrr: number;
  /** Minor units per currency; empty without MRR. */
  mrrByCurrency: Record<string, number>;
  liveSubscriptions: number;
  paying: boolean;
}

export interface CustomerListQuery {
  /** Case-insensitive substring of the id, name or e-mail; undefined: everyone. */
  search: string | undefined;
  limit: number;
  offset: number;
  /** Reporting minor units per minor unit, by currency (decimal strings); a currency not here is left out. */
  factors: Record<string, string>;
  now: number;
}

// Customers from their stored objects and from their subscriptions (a webhook-only store may lack the object).
const EVERYONE = `
with per_currency as (
  select customer_id, currency, sum(mrr) filter (where mrr > 0) as mrr,
         count(*) filter (where ended_at is null or ended_at > $2::bigint) as live
  from revenue_subscriptions group by 1, 2
), per_customer as (
  select customer_id,
         coalesce(sum(round(mrr * (($1::jsonb)->>currency)::numeric)), 0)::bigint as reporting_mrr,
         coalesce(jsonb_object_agg(currency, mrr) filter (where mrr is not null), '{}'::jsonb) as by_currency,
         sum(live)::int as live
  from per_currency group by 1
), everyone as (
  select coalesce(o.id, p.customer_id) as id, o.data->>'name' as name, o.data->>'email' as email,
         coalesce(p.reporting_mrr, 0) as reporting_mrr, coalesce(p.by_currency, '{}'::jsonb) as by_currency, coalesce(p.live, 0) as live
  from (select id, data from stripe_objects where type = 'customer' and not deleted) o
  full join per_customer p on p.customer_id = o.id
)`;
const MATCHES = `($3::text is null or strpos(lower(e.id), $3) > 0 or strpos(lower(coalesce(e.name, '')), $3) > 0
  or strpos(lower(coalesce(e.email, '')), $3) > 0)`;

/**
 * Customers by current MRR in the reporting currency, highest first, then by id; those without MRR come
 * last. The ordering and paging happen in SQL, so a page costs one pass over the subscriptions, not a copy
 * of every customer in memory.
 */
export function customerListRepository(db: Queryable) {
  const count = async (params: unknown[]): Promise<number> => {
    const [row] = await db.query<{ n: number }>(`${EVERYONE} select count(*)::int as n from everyone e where ${MATCHES}`, params);
    return row?.n ?? 0;
  };
  return {
    async page(query: CustomerListQuery): Promise<{ total: number; customers: CustomerListRow[] }> {
      const search = query.search === undefined || query.search === '' ? null : query.search.toLowerCase();
      const params = [JSON.stringify(query.factors), query.now, search];
      const rows = await db.query<CustomerListRow & { total: number }>(
        `${EVERYONE}
         select e.id, e.name, e.email, e.reporting_mrr as "reportingMrr", e.by_currency as "mrrByCurrency",
                e.live as "liveSubscriptions", coalesce(rc.paying, false) as paying, count(*) over ()::int as total
         from everyone e left join revenue_customers rc on rc.customer_id = e.id
         where ${MATCHES}
         order by e.reporting_mrr desc, e.by_currency = '{}'::jsonb, e.id
         limit $4::int offset $5::int`,
        [...params, query.limit, query.offset],
      );
      // Past the last page there is no row to carry the total: count on its own.
      const total = rows[0]?.total ?? (await count(params));
      return { total, customers: rows.map(({ total: _, ...row }) => row) };
    },
  };
}
