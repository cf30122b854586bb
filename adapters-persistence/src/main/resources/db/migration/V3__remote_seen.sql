-- What a reconcile's listing showed of each linked remote object (a projection), so that the run
-- that follows compares against it instead of reading the object again; cleared when the
-- connection is next written and when a reconcile starts.
ALTER TABLE connection ADD COLUMN remote_seen JSONB;
