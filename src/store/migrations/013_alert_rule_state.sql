-- What the clock-driven rules remember between their readings: which side of a threshold MRR was on, which
-- scheduled digest was last written. Instances change a value only from the one they read (compare and
-- swap), so a crossing or a digest is written once whoever sees it first.
create table alert_rule_state (
  rule text not null,
  key text not null,
  value text not null,
  updated_at timestamptz not null default now(),
  primary key (rule, key)
);

-- Channels pace what they send (quiet hours, cooldowns, daily caps, grouped bursts): an urgent alert goes
-- through all of it, and a grouped message's deliveries share its id, so a day's messages can be counted.
alter table alert_outbox add column urgent boolean not null default false;
alter table alert_deliveries add column message_id text;
create index alert_deliveries_sent on alert_deliveries (channel, delivered_at) where status = 'delivered';
create index alert_deliveries_deferred on alert_deliveries (channel, created_at) where status = 'deferred';
