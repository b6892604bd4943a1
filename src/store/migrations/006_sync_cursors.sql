-- Where each type's listing had got in a sync, written with every page it stored: a sync that failed (or
-- whose process died) is resumed from here by the next one, which lists only what was not stored yet.
create table sync_cursors (
  run_id bigint not null references sync_runs (id) on delete cascade,
  type   text   not null,
  state  jsonb  not null,
  primary key (run_id, type)
);
