-- Claims take users before groups, then the oldest first: ORDER BY kind DESC ('USER' > 'GROUP'),
-- seq. This index serves that order directly, so a claim reads the head of the queue instead of
-- sorting the provider's whole backlog each time (quadratic over an initial sync).
CREATE INDEX change_feed_claim_idx ON change_feed (provider, kind DESC, seq);
