-- Stripe's objects as they came, keyed by type and id, with the few columns that queries need.
create table stripe_objects (
  type        text    not null,
  id          text    not null,
  customer_id text,
  data        jsonb   not null,
  created     bigint  not null,
  -- When this state was observed, in unix milliseconds: the fetch time of a sync or of a re-fetch, or an
  -- event's `created` × 1000. An upsert only replaces state observed no later than its own, so a late,
  -- older event can't win; milliseconds keep two syncs within one second apart.
  version     bigint  not null,
  deleted     boolean not null default false,
  updated_at  timestamptz not null default now(),
  primary key (type, id)
);
create index stripe_objects_customer on stripe_objects (type, customer_id);

create table sync_runs (
  id          bigserial primary key,
  trigger     text        not null,
  status      text        not null check (status in ('running', 'succeeded', 'failed')),
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  counts      jsonb       not null default '{}'::jsonb,
  requests    integer     not null default 0,
  error       text
);
create index sync_runs_status on sync_runs (status, finished_at desc);
