package io.anomalypipe.silver;

import org.apache.spark.sql.Column;

/**
 * One named check a Bronze record must pass to enter Silver.
 *
 * @param name what {@code silver_quarantine.failed_rules} lists when the record breaks the rule
 * @param description what the rule asks, for people reading the quarantine
 * @param broken true when the record breaks the rule; evaluated over the columns of {@link
 *     PayloadParser#parse}
 */
public record ValidationRule(String name, String description, Column broken) {}
