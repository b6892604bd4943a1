-- Every verified Stripe event, stored before it is acknowledged, keyed by its id so that a redelivery
-- is recognised. `arrival` orders events that Stripe stamped with the same second.
create table stripe_events (
  id           text        primary key,
  type         text        not null,
  created      bigint      not null,
  event        jsonb       not null,
  source       text        not null check (source in ('webhook', 'catch_up')),
  arrival      bigserial,
  received_at  timestamptz not null default now(),
  processed_at timestamptz,
  attempts     integer     not null default 0,
  last_error   text
);
create index stripe_events_unprocessed on stripe_events (arrival) where processed_at is null;
create index stripe_events_created on stripe_events (created desc);
