package io.sparkctr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Param values from a {@code --conf} file ({@code name = value} lines, {@code #} comments) and
 * {@code --param name=value} overrides. Each name is set on every stage that has a param of that
 * name; a name no stage knows is an error that lists the known names.
 */
final class ParamSettings {
  private final Map<String, String> values;
  private final Map<String, String> origins;

  private ParamSettings(Map<String, String> values, Map<String, String> origins) {
    this.values = values;
    this.origins = origins;
  }

  static ParamSettings load(String confFile, List<String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    if (confFile != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Paths.get(confFile), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read --conf file " + confFile + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              confFile + ", line " + (i + 1) + ": expected 'name = value', but got '" + line + "'");
        }
        String name = line.substring(0, eq).strip();
        values.put(name, line.substring(eq + 1).strip());
        origins.put(name, confFile + ", line " + (i + 1));
      }
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--param expects name=value, but got '" + override + "'");
      }
      String name = override.substring(0, eq).strip();
      values.put(name, override.substring(eq + 1).strip());
      origins.put(name, "--param " + override);
    }
    return new ParamSettings(values, origins);
  }

  /** The raw value of {@code name}, or {@code fallback}. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Sets every value on each stage that has a param of that name; unknown names fail. */
  void applyTo(Params... stages) {
    TreeSet<String> known = new TreeSet<>();
    for (Params stage : stages) {
      for (Param<?> p : stage.params()) {
        known.add(p.name());
      }
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new IllegalArgumentException(origins.get(e.getKey()) + ": unknown param '" + e.getKey()
            + "'; known params: " + String.join(", ", known));
      }
      for (Params stage : stages) {
        if (stage.hasParam(e.getKey())) {
          set(stage, stage.getParam(e.getKey()), e.getValue(), origins.get(e.getKey()));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Params stage, Param<?> param, String raw, String origin) {
    Object value;
    try {
      if (param instanceof DoubleParam) {
        value = Double.parseDouble(raw);
      } else if (param instanceof IntParam) {
        value = Integer.parseInt(raw);
      } else if (param instanceof LongParam) {
        value = Long.parseLong(raw);
      } else if (param instanceof BooleanParam) {
        if (!raw.equals("true") && !raw.equals("false")) {
          throw new NumberFormatException("expected true or false");
        }
        value = Boolean.parseBoolean(raw);
      } else if (param instanceof IntArrayParam) {
        value = raw.isBlank() ? new int[0]
            : Arrays.stream(raw.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
      } else if (param instanceof StringArrayParam) {
        value = raw.isEmpty() ? new String[0]
            : Arrays.stream(raw.split(",")).map(String::strip).toArray(String[]::new);
      } else {
        value = raw;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(origin + ": param " + param.name() + " expects a "
          + param.getClass().getSimpleName().replace("Param", "").toLowerCase() + ", but got '" + raw + "'");
    }
    try {
      stage.set((Param<Object>) param, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  List<String> names() {
    return new ArrayList<>(values.keySet());
  }
}
