-- The 50 most anomalous flagged events, with what made them stand out (value, country, the
-- model's features). Highest score first.
-- Variables: ${gold_anomaly_predictions}, ${gold_events_scored} (table paths).
SELECT
  p.event_id,
  p.event_time,
  p.user_id,
  p.event_type,
  round(p.anomaly_score, 4) AS anomaly_score,
  round(p.threshold, 4) AS threshold,
  s.value,
  s.country,
  s.page,
  s.feature_log_value,
  s.feature_value_vs_user_usual,
  s.feature_log_seconds_since_previous,
  s.feature_user_events_last_minute,
  s.feature_local_hours_since_5am,
  p.model_name,
  p.model_version
FROM delta.`${gold_anomaly_predictions}` AS p
JOIN delta.`${gold_events_scored}` AS s
  ON s.event_id = p.event_id AND s.event_date = p.event_date
WHERE p.is_anomaly
ORDER BY p.anomaly_score DESC, p.event_id
LIMIT 50
