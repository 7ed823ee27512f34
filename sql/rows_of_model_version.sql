-- The Gold rows one model version scored (e.g. to review or re-score them after a bad version),
-- with the inference run that wrote each row.
-- Variables: ${gold_events_scored} (table path), ${model_name}, ${model_version}.
SELECT
  event_date,
  event_id,
  event_time,
  user_id,
  event_type,
  round(anomaly_score, 4) AS anomaly_score,
  model_run_id,
  scoring_run_id,
  scored_at
FROM delta.`${gold_events_scored}`
WHERE model_name = '${model_name}' AND model_version = ${model_version}
ORDER BY event_date, event_time, event_id
