-- An event that failed waits until `retry_at` (back-off), so the events behind it go on; one that can't be
-- applied is set aside at `dead_at` with its reason in last_error, until someone retries it.
alter table stripe_events add column retry_at timestamptz;
alter table stripe_events add column dead_at timestamptz;
drop index stripe_events_unprocessed;
create index stripe_events_waiting on stripe_events (arrival) where processed_at is null and dead_at is null;
create index stripe_events_dead on stripe_events (dead_at) where processed_at is null and dead_at is not null;
