-- Revenue state derived from the stored objects. Each row is rewritten in the same transaction as the
-- objects it comes from, for the subscriptions and customers a change touches, so it never disagrees with
-- them; work too large for one transaction waits in revenue_pending, which commits with the change.

-- Each subscription's current contribution (rules 1–9) and its place in time.
create table revenue_subscriptions (
  subscription_id      text    primary key,
  customer_id          text    not null,
  currency             text    not null,
  -- Minor units of `currency`; null when the subscription could not be priced and is left out.
  mrr                  bigint,
  scheduled_churn      boolean not null,
  start_date           bigint  not null,
  current_period_start bigint,
  ended_at             bigint,
  trial_start          bigint,
  trial_end            bigint,
  -- When a trial ended (trial_end, or ended_at when canceled sooner), and whether MRR followed it.
  trial_ended_at       bigint,
  trial_converted      boolean not null default false,
  -- When time alone changes the price: a discount ends, a cancellation date passes.
  next_change          bigint
);
create index revenue_subscriptions_customer on revenue_subscriptions (customer_id);
create index revenue_subscriptions_trials on revenue_subscriptions (trial_ended_at) where trial_ended_at is not null;

-- Which prices and coupons each derivation read: a change to one re-derives only these owners.
-- An owner is a subscription (its price) or a customer (the history of their invoice lines).
create table revenue_refs (
  ref_type   text not null check (ref_type in ('price', 'coupon')),
  ref_id     text not null,
  owner_type text not null check (owner_type in ('subscription', 'customer')),
  owner_id   text not null,
  primary key (ref_type, ref_id, owner_type, owner_id)
);
create index revenue_refs_owner on revenue_refs (owner_type, owner_id);

-- The subscription lines of paid and open invoices, as history reads them (rule 10).
create table revenue_invoice_lines (
  invoice_id      text   not null,
  line_number     int    not null,
  customer_id     text   not null,
  subscription_id text   not null,
  invoice_created bigint not null,
  currency        text   not null,
  period_start    bigint not null,
  period_end      bigint not null,
  amount          bigint not null,
  price_id        text,
  -- [{amount, discountId, couponId, embeddedDuration}]
  discounts       jsonb  not null,
  primary key (invoice_id, line_number)
);
create index revenue_invoice_lines_customer on revenue_invoice_lines (customer_id);

-- Each subscription's MRR over time: invoiced periods, then its current state, open-ended.
create table revenue_intervals (
  customer_id     text   not null,
  subscription_id text   not null,
  currency        text   not null,
  start_at        bigint not null,
  end_at          bigint,
  mrr             bigint not null
);
create index revenue_intervals_customer on revenue_intervals (customer_id);

-- Each customer's classified MRR changes (rule 11): one row per currency of each change.
create table revenue_movements (
  customer_id     text     not null,
  at              bigint   not null,
  kind            text     not null check (kind in ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
  currency        text     not null,
  amount          bigint   not null,
  -- +1 when the customer starts paying, −1 when they stop; on the first row of a change only.
  customers_delta smallint not null,
  -- This churn counts in its month's customer churn rate (rule 12); on the first row of a change only.
  churn_counted   boolean  not null
);
create index revenue_movements_customer on revenue_movements (customer_id);
create index revenue_movements_at on revenue_movements (at);

create table revenue_customers (
  customer_id text    primary key,
  paying      boolean not null,
  -- When time alone changes this customer's figures: derive them again by then.
  next_change bigint
);
create index revenue_customers_next_change on revenue_customers (next_change) where next_change is not null;

-- Each charge's net revenue (rule 9).
create table revenue_charges (
  charge_id text   primary key,
  currency  text   not null,
  amount    bigint not null
);

-- Derivations owed: written with the change that owes them, done in batches by the background deriver,
-- a customer at a time (all that is owed for one customer is done together). A sync holds its own until
-- it has listed what history needs, so a customer is derived once per sync.
create table revenue_pending (
  kind         text    not null check (kind in ('subscription', 'customer', 'history')),
  id           text    not null,
  customer_id  text    not null,
  held_by_sync boolean not null default false,
  primary key (kind, id)
);
create index revenue_pending_customer on revenue_pending (customer_id) where not held_by_sync;

-- The settings the derived rows were computed with; other settings mean deriving everything again.
create table revenue_settings (
  singleton   boolean primary key default true check (singleton),
  fingerprint text    not null
);
