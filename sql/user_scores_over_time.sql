-- One user's events in time order with their scores and flags: what the model thought of each
-- step of the user's activity.
-- Variables: ${gold_events_scored}, ${gold_anomaly_predictions} (table paths), ${user_id}.
SELECT
  s.event_time,
  s.session_id,
  s.event_type,
  s.value,
  round(s.anomaly_score, 4) AS anomaly_score,
  p.is_anomaly,
  s.model_version
FROM delta.`${gold_events_scored}` AS s
JOIN delta.`${gold_anomaly_predictions}` AS p
  ON p.event_id = s.event_id AND p.event_date = s.event_date
WHERE s.user_id = '${user_id}'
ORDER BY s.event_time, s.event_id
