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
