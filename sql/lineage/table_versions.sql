-- Every version of every pipeline table, in commit order: the operation, the rows it wrote and the
-- batch tag the pipeline put in its userMetadata (query, micro-batch, attempt).
-- Variables: ${audit_history} (table path).
SELECT table_name, version, committed_at, operation,
       operation_metrics['numOutputRows'] AS rows_written,
       operation_metrics['numTargetRowsInserted'] AS rows_inserted,
       user_metadata, read_version
FROM delta.`${audit_history}`
ORDER BY committed_at, table_name, version
