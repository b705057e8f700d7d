package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every estimator, trained through the CLI with no --param, beats a constant predictor (the training
 * rows' base rate) in test log loss on every shipped data set: the Criteo and Avazu samples (row-order
 * 80/20), xLearn's FFM demo and the project's generated sample.
 */
@Tag("spark")
class DefaultsBeatAConstantTest {
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  static Stream<Arguments> cases() {
    return Stream.of("criteo", "avazu", "xlearn", "synth")
        .flatMap(set -> Stream.of("lr", "fm", "ffm", "deepfm").map(model -> Arguments.of(set, model)));
  }

  /** Training file, test file and format of a shipped data set. */
  private static String[] files(String set) throws Exception {
    switch (set) {
      case "criteo": {
        Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
        Path train = dir.resolve("criteo-train.tsv");
        if (!Files.exists(train)) {
          CliEndToEndTest.slice(sample, false, 0, 8000, train);
          CliEndToEndTest.slice(sample, false, 8000, 10000, dir.resolve("criteo-test.tsv"));
        }
        return new String[] {train.toString(), dir.resolve("criteo-test.tsv").toString(), "criteo"};
      }
      case "avazu": {
        Path sample = SharedDatasets.require("avazu_head8999/train.csv");
        Path train = dir.resolve("avazu-train.csv");
        if (!Files.exists(train)) {
          CliEndToEndTest.slice(sample, true, 0, 7199, train);
          CliEndToEndTest.slice(sample, true, 7199, 8999, dir.resolve("avazu-test.csv"));
        }
        return new String[] {train.toString(), dir.resolve("avazu-test.csv").toString(), "avazu"};
      }
      case "xlearn":
        return new String[] {SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt").toString(),
            SharedDatasets.require("criteo_xlearn_ffm_demo/small_test.txt").toString(), "libffm"};
      default:
        Path root = Paths.get("..", "datasets", "synth");
        return new String[] {root.resolve("train.tsv").toString(), root.resolve("test.tsv").toString(), "criteo"};
    }
  }

  /** The label of each line of a data file (first token; avazu: the click column). */
  private static double[] labels(String file, String format) throws Exception {
    List<String> lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
    if (format.equals("avazu")) {
      lines = lines.subList(1, lines.size());
    }
    double[] out = new double[lines.size()];
    for (int i = 0; i < out.length; i++) {
      String line = lines.get(i);
      String label = format.equals("avazu") ? line.split(",", 3)[1] : line.split("[\t ]", 2)[0];
      out[i] = Double.parseDouble(label) > 0 ? 1.0 : 0.0;
    }
    return out;
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void theDefaultsBeatTheBaseRate(String set, String model) throws Exception {
    String[] f = files(set);
    Path out = dir.resolve(set + "-" + model);
    CliEndToEndTest.Run run = CliEndToEndTest.run("train", "--train", f[0], "--test", f[1], "--format", f[2],
        "--model", model, "--output", out.toString());
    assertEquals(0, run.code(), run.err());
    double[] train = labels(f[0], f[2]);
    double[] test = labels(f[1], f[2]);
    double rate = java.util.Arrays.stream(train).average().orElseThrow();
    double constant = 0;
    for (double y : test) {
      constant -= y == 1.0 ? Math.log(rate) : Math.log(1 - rate);
    }
    constant /= test.length;
    Map<String, Object> m = CliEndToEndTest.metrics(out);
    double logLoss = ((Number) m.get("logLoss")).doubleValue();
    assertTrue(logLoss < constant, model + " on " + set + ": test log loss " + logLoss
        + " does not beat the constant predictor's " + constant + "\n" + run.out());
    assertTrue(((Number) m.get("auc")).doubleValue() > 0.5, m.toString());
  }
}
