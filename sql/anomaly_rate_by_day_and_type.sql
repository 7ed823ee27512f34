-- Events, flagged events and the anomaly rate per event date and event type: a jump on one day
-- or for one type is the first thing to look at.
-- Variables: ${gold_anomaly_predictions} (table path).
SELECT
  event_date,
  event_type,
  count(*) AS events,
  count_if(is_anomaly) AS anomalies,
  round(count_if(is_anomaly) / count(*), 4) AS anomaly_rate,
  round(max(anomaly_score), 4) AS max_score
FROM delta.`${gold_anomaly_predictions}`
GROUP BY event_date, event_type
ORDER BY event_date, event_type
