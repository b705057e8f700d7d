package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every Spark job command shares. */
final class JobOptions {
  @Option(names = "--format", required = true, description = "Input format: criteo, avazu, libsvm or libffm.")
  String format;

  @Option(names = "--master", description = "Spark master URL; default: spark-submit's, else local[*].")
  String master;

  @Option(names = "--conf", description = "File of 'name = value' lines; names are Param names.")
  String confFile;

  @Option(names = "--param", description = "name=value, overrides --conf; repeatable.")
  List<String> params = new ArrayList<>();

  @Option(names = "--handle-invalid", defaultValue = "error",
      description = "Malformed input lines: error (stop, naming file, line and column) or skip (drop and count). Default: ${DEFAULT-VALUE}.")
  String handleInvalid;

  InputFormat inputFormat() {
    return InputFormat.parse(format);
  }

  ParamSettings settings() {
    return ParamSettings.load(confFile, params);
  }
}
