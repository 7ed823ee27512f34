package io.anomalypipe.common.config;

import io.anomalypipe.common.schema.Tables;

/**
 * Where tables and checkpoints live. Paths are joined as strings, not {@link java.nio.file.Path},
 * so that {@code dbfs:/}, {@code s3a://} and {@code abfss://} roots work as well as local ones.
 */
public record StorageLayout(String tablesRoot, String checkpointsRoot) {

  public static StorageLayout fromConfig(ConfigReader pipeline) {
    ConfigReader storage = pipeline.section("storage");
    return new StorageLayout(
        stripTrailingSlash(storage.nonBlankString("tables-root")),
        stripTrailingSlash(storage.nonBlankString("checkpoints-root")));
  }

  /** The location of a table, e.g. {@code tablePath(Tables.BRONZE_EVENTS)}. */
  public String tablePath(String tableName) {
    return tablesRoot + "/" + tableName;
  }

  /** The checkpoint folder of one streaming query, named after the table it writes. */
  public String checkpointPath(String queryName) {
    return checkpointsRoot + "/" + queryName;
  }

  public String bronzeTable() {
    return tablePath(Tables.BRONZE_EVENTS);
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }
}
