package io.anomalypipe.common.mlflow.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code MLmodel} file of a model directory, in the layout MLflow 3.17 writes and its Python
 * client reads ({@code mlflow.models.Model.load}): {@code artifact_path}, {@code flavors}, {@code
 * metadata}, {@code model_uuid}, {@code run_id}, {@code saved_input_example_info}, {@code
 * signature} (inputs and outputs as JSON strings) and {@code utc_time_created}.
 *
 * <p>It is written as JSON, which is also YAML: Java needs no YAML library (Spark brings none) and
 * reads it back with Jackson. Numbers are written so that YAML 1.1 (PyYAML) reads them as numbers
 * too: always with a decimal point and a signed exponent ({@code 1.0e+10}, not {@code 1.0E10},
 * which PyYAML would read as a string).
 */
public final class MlmodelFile {

  /** The file name MLflow looks for. */
  public static final String FILE_NAME = "MLmodel";

  /** The input example, pandas "split" orient. */
  public static final String INPUT_EXAMPLE_FILE = "input_example.json";

  /** Names a data file cannot take. */
  public static final Set<String> RESERVED_FILES = Set.of(FILE_NAME, INPUT_EXAMPLE_FILE);

  /** The flavor key naming the data file. */
  public static final String DATA_KEY = "data";

  /** The metadata key holding the data's SHA-256. */
  public static final String DATA_SHA256_KEY = "model_data_sha256";

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private static final ObjectMapper WRITER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          // escapes for non-ASCII: PyYAML rejects some raw characters (C1 controls, U+FEFF)
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature())
          .registerModule(
              new SimpleModule()
                  .addSerializer(Double.class, new YamlSafeDoubleSerializer())
                  .addSerializer(Float.class, new YamlSafeFloatSerializer()));
  private static final ObjectMapper READER = new ObjectMapper();

  private MlmodelFile() {}

  /** The {@code MLmodel} bytes (UTF-8) for {@code artifact}, logged by {@code runId}. */
  static byte[] render(
      ModelArtifact artifact,
      String runId,
      String artifactPath,
      String dataSha256,
      String modelUuid,
      Instant created) {
    Map<String, Object> flavor = new LinkedHashMap<>();
    flavor.put(DATA_KEY, artifact.dataFileName());
    flavor.putAll(artifact.flavorProperties());
    Map<String, Object> metadata = new LinkedHashMap<>(artifact.metadata());
    metadata.put(DATA_SHA256_KEY, dataSha256);
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("inputs", columnsJson(artifact.signature().inputs()));
    signature.put(
        "outputs",
        artifact.signature().outputs().isEmpty()
            ? null
            : columnsJson(artifact.signature().outputs()));
    signature.put("params", null);

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("artifact_path", artifactPath);
    model.put("flavors", Map.of(artifact.flavor(), flavor));
    model.put("metadata", metadata);
    model.put("model_size_bytes", (long) artifact.data().length);
    model.put("model_uuid", modelUuid);
    model.put("run_id", runId);
    if (!artifact.inputExample().isEmpty()) {
      Map<String, Object> example = new LinkedHashMap<>();
      example.put("artifact_path", INPUT_EXAMPLE_FILE);
      example.put("pandas_orient", "split");
      example.put("type", "dataframe");
      model.put("saved_input_example_info", example);
    }
    model.put("signature", signature);
    model.put("utc_time_created", CREATED.format(created));
    return write(model);
  }

  /** The {@code input_example.json} bytes: {@code {"columns": [...], "data": [[...], ...]}}. */
  static byte[] renderInputExample(ModelArtifact artifact) {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("columns", artifact.signature().inputNames());
    example.put("data", artifact.inputExample());
    return write(example);
  }

  /**
   * Reads an {@code MLmodel} this layer wrote and takes {@code flavor}'s section from it; {@code
   * modelUri} only names the model in errors.
   */
  static ModelDescriptor parse(byte[] mlmodel, String flavor, String modelUri) {
    JsonNode root;
    try {
      root = READER.readTree(mlmodel);
    } catch (IOException e) {
      throw new ModelFormatException(
          modelUri
              + ": its MLmodel is not in the JSON form this pipeline writes (was it saved by"
              + " another tool?): "
              + e.getMessage(),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(modelUri + ": its MLmodel is empty or not a mapping");
    }
    JsonNode flavors = root.path("flavors");
    JsonNode section = flavors.path(flavor);
    if (!section.isObject()) {
      List<String> found = new ArrayList<>();
      flavors.fieldNames().forEachRemaining(found::add);
      throw new ModelFormatException(
          modelUri + " is not a '" + flavor + "' model (its MLmodel has flavors " + found + ")");
    }
    String dataFile = section.path(DATA_KEY).asText("");
    if (dataFile.isEmpty()
        || dataFile.contains("/")
        || dataFile.contains("\\")
        || dataFile.startsWith(".")
        || RESERVED_FILES.contains(dataFile)) {
      throw new ModelFormatException(
          modelUri + ": flavor '" + flavor + "' names an invalid data file '" + dataFile + "'");
    }
    Map<String, Object> flavorProperties = toMap(section);
    flavorProperties.remove(DATA_KEY);
    Map<String, Object> metadata = toMap(root.path("metadata"));
    Object dataSha = metadata.remove(DATA_SHA256_KEY);
    return new ModelDescriptor(
        flavor,
        dataFile,
        flavorProperties,
        parseSignature(root.path("signature"), modelUri),
        metadata,
        dataSha == null ? "" : dataSha.toString(),
        root.path("run_id").asText(""),
        root.path("artifact_path").asText(""),
        root.path("model_uuid").asText(""),
        root.path("utc_time_created").asText(""));
  }

  private static ModelSignature parseSignature(JsonNode signature, String modelUri) {
    try {
      return new ModelSignature(
          parseColumns(signature.path("inputs")), parseColumns(signature.path("outputs")));
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFormatException(
          modelUri + ": its MLmodel has no usable signature: " + e.getMessage(), e);
    }
  }

  private static List<ColumnSpec> parseColumns(JsonNode text) throws IOException {
    if (text.isMissingNode() || text.isNull()) {
      return List.of();
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (JsonNode column : READER.readTree(text.asText())) {
      columns.add(new ColumnSpec(column.path("name").asText(""), column.path("type").asText("")));
    }
    return columns;
  }

  private static String columnsJson(List<ColumnSpec> columns) {
    List<Map<String, Object>> specs = new ArrayList<>();
    for (ColumnSpec column : columns) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("type", column.type());
      spec.put("name", column.name());
      spec.put("required", true);
      specs.add(spec);
    }
    try {
      return READER.writeValueAsString(specs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> toMap(JsonNode node) {
    if (!node.isObject()) {
      return new LinkedHashMap<>();
    }
    return READER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value, e);
    }
  }

  /**
   * A double as both JSON and YAML 1.1 read it: {@code 0.6}, {@code 3.0}, {@code 1.0e+10}, {@code
   * 2.5e-07}.
   */
  static String yamlSafe(double value) {
    String text = Double.toString(value); // always has a '.'; exponent as E10 or E-7
    int exponent = text.indexOf('E');
    if (exponent < 0) {
      return text;
    }
    String mantissa = text.substring(0, exponent);
    String power = text.substring(exponent + 1);
    return mantissa + "e" + (power.startsWith("-") ? power : "+" + power);
  }

  private static final class YamlSafeDoubleSerializer extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    YamlSafeDoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeNumber(yamlSafe(value));
    }
  }

  private static final class YamlSafeFloatSerializer extends StdSerializer<Float> {
    private static final long serialVersionUID = 1L;

    YamlSafeFloatSerializer() {
      super(Float.class);
    }

    @Override
    public void serialize(Float value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      // through the float's shortest decimal form, so 0.1f stays 0.1 rather than 0.10000000149
      out.writeNumber(yamlSafe(Double.parseDouble(Float.toString(value))));
    }
  }
}
