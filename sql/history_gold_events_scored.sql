-- The commits of gold_events_scored: one MERGE per micro-batch (userMetadata names the query,
-- batch and attempt), one WRITE with a replaceWhere predicate per re-score.
-- Variables: ${gold_events_scored} (table path).
DESCRIBE HISTORY delta.`${gold_events_scored}`
