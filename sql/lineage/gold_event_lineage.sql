-- Where one Gold event came from, version by version: its Kafka record, the Bronze commit that
-- appended it, the Silver micro-batch and version that inserted it, the Gold commit that scored it
-- and the model version that scored it. Reads audit_history (gathered by each monitor run), so it
-- answers after Delta's own log retention dropped the commits.
-- Variables: ${gold_events_scored}, ${silver_batch_audit}, ${audit_history} (table paths),
-- ${event_id}.
WITH gold AS (
  SELECT event_id, event_date, kafka_topic, kafka_partition, kafka_offset, bronze_ingested_at,
         silver_processed_at, scored_at, model_name, model_version, scoring_run_id
  FROM delta.`${gold_events_scored}`
  WHERE event_id = '${event_id}'
),
history AS (
  SELECT table_name, version, committed_at, operation FROM delta.`${audit_history}`
)
SELECT gold.event_id, gold.event_date, gold.kafka_topic, gold.kafka_partition, gold.kafka_offset,
       -- Bronze commits each micro-batch after stamping its rows' ingestion time
       min(bronze.version) AS bronze_version,
       audit.batch_id AS silver_batch_id,
       audit.silver_version,
       -- Gold's MERGE commits after the batch's scoring time
       min(scored.version) AS gold_events_scored_version,
       gold.model_name, gold.model_version, gold.scoring_run_id, gold.scored_at
FROM gold
LEFT JOIN history bronze
  ON bronze.table_name = 'bronze_events' AND bronze.committed_at >= gold.bronze_ingested_at
LEFT JOIN delta.`${silver_batch_audit}` audit
  ON audit.started_at = gold.silver_processed_at
LEFT JOIN history scored
  ON scored.table_name = 'gold_events_scored' AND scored.operation = 'MERGE'
     AND scored.committed_at >= gold.scored_at
GROUP BY gold.event_id, gold.event_date, gold.kafka_topic, gold.kafka_partition,
         gold.kafka_offset, audit.batch_id, audit.silver_version, gold.model_name,
         gold.model_version, gold.scoring_run_id, gold.scored_at
