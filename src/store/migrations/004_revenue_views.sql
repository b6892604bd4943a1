-- The stable SQL surface for BI tools (docs/sql.md): views over the derived tables, which may change.

-- Decimal places of a currency's minor unit (docs/metrics.md, rule 7), to show amounts in major units.
create function revenue_currency_decimals(currency text) returns integer
  language sql immutable
  return case
    when lower(currency) in ('bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf') then 0
    when lower(currency) in ('bhd', 'jod', 'kwd', 'omr', 'tnd') then 3
    else 2
  end;

create view subscription_mrr as
select s.subscription_id,
       s.customer_id,
       o.data->>'status' as status,
       s.currency,
       coalesce(s.mrr, 0) as mrr_minor,
       coalesce(s.mrr, 0) / 10::numeric ^ revenue_currency_decimals(s.currency) as mrr,
       s.scheduled_churn,
       s.mrr is not null as priced,
       to_timestamp(s.start_date) as started_at,
       to_timestamp(s.ended_at) as ended_at,
       to_timestamp(s.trial_ended_at) as trial_ended_at,
       s.trial_converted
from revenue_subscriptions s
left join stripe_objects o on o.type = 'subscription' and o.id = s.subscription_id;

create view mrr_movements as
select m.customer_id,
       to_timestamp(m.at) as at,
       (to_timestamp(m.at) at time zone 'UTC')::date as day,
       date_trunc('month', to_timestamp(m.at) at time zone 'UTC')::date as month,
       m.kind,
       m.currency,
       m.amount as amount_minor,
       m.amount / 10::numeric ^ revenue_currency_decimals(m.currency) as amount
from revenue_movements m;

-- Each day's net change per currency, summed up to each day: the MRR at 23:59:59 UTC, every day from
-- the first change to today.
create view mrr_daily as
with changes as (
  select floor(at / 86400)::integer as day_number, currency, sum(amount) as amount, sum(customers_delta) as customers
  from revenue_movements group by 1, 2
),
days as (
  select generate_series(min(day_number), floor(extract(epoch from now()) / 86400)::integer) as day_number from changes
),
currencies as (select distinct currency from changes),
customers as (
  select d.day_number, coalesce(sum(c.customers) over (order by d.day_number), 0)::integer as paying
  from days d left join (select day_number, sum(customers) as customers from changes group by 1) c using (day_number)
),
running as (
  select d.day_number, k.currency,
         coalesce(sum(c.amount) over (partition by k.currency order by d.day_number), 0)::bigint as mrr
  from days d cross join currencies k left join changes c on c.day_number = d.day_number and c.currency = k.currency
)
select (date '1970-01-01' + r.day_number) as day,
       r.currency,
       r.mrr as mrr_minor,
       r.mrr / 10::numeric ^ revenue_currency_decimals(r.currency) as mrr,
       p.paying as paying_customers
from running r join customers p using (day_number);

-- A subscription's interval covers a day when it holds at 23:59:59 UTC that day.
create view customer_mrr_daily as
select i.customer_id,
       (date '1970-01-01' + d.day_number) as day,
       i.currency,
       sum(i.mrr)::bigint as mrr_minor,
       sum(i.mrr) / 10::numeric ^ revenue_currency_decimals(i.currency) as mrr
from revenue_intervals i
cross join lateral generate_series(
  floor(i.start_at / 86400)::integer,
  coalesce(floor(i.end_at / 86400)::integer - 1, floor(extract(epoch from now()) / 86400)::integer)
) as d(day_number)
where i.mrr > 0
group by i.customer_id, d.day_number, i.currency;
