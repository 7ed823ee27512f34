-- The commits of gold_anomaly_predictions: one MERGE per micro-batch (userMetadata names the
-- query, batch and attempt), one WRITE with a replaceWhere predicate per re-score.
-- Variables: ${gold_anomaly_predictions} (table path).
DESCRIBE HISTORY delta.`${gold_anomaly_predictions}`
