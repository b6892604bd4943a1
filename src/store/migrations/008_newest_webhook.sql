-- The status strip says when the last webhook was stored; at start it is read from the newest one, which
-- this index finds without reading the events that polling and catch-ups brought.
create index stripe_events_newest_webhook on stripe_events (arrival desc) where source = 'webhook';
