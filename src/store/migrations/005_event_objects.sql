-- Which object each event is about, so that one re-fetch of an object can mark every event about it
-- that arrived before the re-fetch was sent: the object's current state covers them all.
alter table stripe_events add column object_id text generated always as (event->'data'->'object'->>'id') stored;
create index stripe_events_unprocessed_object on stripe_events (object_id) where processed_at is null;
