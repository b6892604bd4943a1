-- Alerts are written here in the transaction that derives the movement behind them (an outbox), so a
-- crash can't lose one nor send one for a change that was rolled back. The id comes from the rule and
-- the source: deriving the same movement again finds it taken. Senders claim rows for a lease
-- (claimed_until): one that dies lets its rows go when the lease runs out.
create table alert_outbox (
  id text primary key,
  body jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  dead_at timestamptz
);
create index alert_outbox_due on alert_outbox (next_attempt_at) where status = 'pending';
-- A receiver that answered 410 Gone is sent nothing more until a test alert gets through again. Keyed by
-- a digest of the URL: the URL itself may hold a token.
create table alert_endpoints (
  endpoint text primary key,
  disabled_at timestamptz not null,
  reason text not null
);
