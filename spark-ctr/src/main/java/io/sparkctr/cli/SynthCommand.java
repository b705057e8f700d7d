package io.sparkctr.cli;

import io.sparkctr.synth.SyntheticCriteo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes Criteo-format rows from a planted model: DIR/train.tsv (rows [0, rows)), DIR/test.tsv (the
 * next testRows rows) and DIR/_planted.json with each file's row count, label rate and planted AUC,
 * the ceiling any learner can reach (train prints it next to the test AUC).
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Generate Criteo-format rows with a planted logistic or FM model; report its AUC (the ceiling).")
final class SynthCommand implements Callable<Integer> {
  static final String SIDECAR = "_planted.json";

  @Option(names = "--rows", required = true, description = "Training rows to write.")
  long rows;

  @Option(names = "--test-rows", defaultValue = "0", description = "Test rows to write after them. Default: ${DEFAULT-VALUE}.")
  long testRows;

  @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--planted", defaultValue = "lr", description = "Planted model: lr or fm. Default: ${DEFAULT-VALUE}.")
  String planted;

  @Option(names = "--output", required = true, description = "Output directory.")
  String output;

  @Override
  public Integer call() throws IOException {
    if (rows <= 0 || testRows < 0) {
      throw new IllegalArgumentException("--rows MUST be > 0 and --test-rows >= 0, but got " + rows + " and " + testRows);
    }
    TrainCommand.requireOneOf("--planted", planted, new String[] {"lr", "fm"});
    SyntheticCriteo generator = new SyntheticCriteo(seed, SyntheticCriteo.PlantedModel.valueOf(planted.toUpperCase(Locale.ROOT)));
    Path dir = Paths.get(output);
    Files.createDirectories(dir);
    Map<String, Object> sidecar = new LinkedHashMap<>();
    sidecar.put("command", "spark-ctr synth --rows " + rows + " --test-rows " + testRows + " --seed " + seed
        + " --planted " + planted);
    sidecar.put("train.tsv", write(generator, dir.resolve("train.tsv"), 0, rows));
    if (testRows > 0) {
      sidecar.put("test.tsv", write(generator, dir.resolve("test.tsv"), rows, rows + testRows));
    }
    Jobs.writeJson(dir.resolve(SIDECAR), sidecar);
    return 0;
  }

  private static Map<String, Object> write(SyntheticCriteo generator, Path file, long from, long to) throws IOException {
    SyntheticCriteo.Summary summary;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      summary = generator.write(from, to, out);
    }
    System.out.printf("%s: %d rows, label rate %.4f, planted AUC %.5f, planted log loss %.5f%n",
        file, summary.rows(), summary.labelRate(), summary.plantedAuc(), summary.plantedLogLoss());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("firstRow", from);
    entry.put("rows", summary.rows());
    entry.put("positives", summary.positives());
    entry.put("labelRate", summary.labelRate());
    entry.put("plantedAuc", summary.plantedAuc());
    entry.put("plantedLogLoss", summary.plantedLogLoss());
    return entry;
  }
}
