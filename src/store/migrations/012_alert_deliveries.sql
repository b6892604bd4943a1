-- Each alert goes to each of its channels on its own: a receiver that fails or is disabled holds up only its
-- own deliveries, with their own attempts, retries and dead letters. alert_outbox keeps the alert alone.
-- 'deferred' is for quiet hours: held back, to go out later.
create table alert_deliveries (
  alert_id text not null references alert_outbox (id),
  channel text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead', 'deferred')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  dead_at timestamptz,
  primary key (alert_id, channel)
);
create index alert_deliveries_due on alert_deliveries (channel, next_attempt_at) where status = 'pending';
create index alert_deliveries_dead on alert_deliveries (dead_at desc) where status = 'dead';

-- Until now every alert went to the one webhook. Claims are let go: the senders that held them are gone.
insert into alert_deliveries (alert_id, channel, status, attempts, next_attempt_at, last_error, created_at, delivered_at, dead_at)
select id, 'webhook', status, attempts, next_attempt_at, last_error, created_at, delivered_at, dead_at from alert_outbox;
-- The dashboard's feed (a channel that is always on) shows them too.
insert into alert_deliveries (alert_id, channel, status, created_at, delivered_at)
select id, 'feed', 'delivered', created_at, created_at from alert_outbox;

drop index alert_outbox_due;
alter table alert_outbox
  drop column status,
  drop column attempts,
  drop column next_attempt_at,
  drop column claimed_until,
  drop column last_error,
  drop column delivered_at,
  drop column dead_at;
-- The dashboard's feed lists the newest alerts first.
create index alert_outbox_newest on alert_outbox (created_at desc, id desc);
