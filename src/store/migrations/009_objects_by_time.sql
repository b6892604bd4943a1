-- Objects of a type by time: the latest charges for the live feed (GET /api/activity) and the charges of a
-- recent window for the headline's change (GET /api/metrics/changes), read without scanning every charge.
create index stripe_objects_type_created on stripe_objects (type, created);
