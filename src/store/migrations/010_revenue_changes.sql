-- Several instances on one database: each serves figures from memory, moved by every committed change. A
-- change committed by one is written here in its transaction, and the others read it after its NOTIFY.
-- Kept minutes, not for ever: an instance that has been away longer reloads its figures from the store.
create table revenue_changes (
  seq bigserial primary key,
  origin text not null,
  change jsonb not null,
  recorded_at timestamptz not null default now()
);
create index revenue_changes_recorded_at on revenue_changes (recorded_at);
