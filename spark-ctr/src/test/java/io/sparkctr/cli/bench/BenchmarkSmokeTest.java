package io.sparkctr.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark programs (scripts/bench-samples, scripts/bench-throughput) from rotting: each
 * runs on a tiny input and writes the CSV the scripts document. Speed is never asserted here.
 */
@Tag("bench")
class BenchmarkSmokeTest {
  @TempDir Path output;

  @Test
  void sampleBenchmarkWritesOneRowPerDatasetEncodingAndLearner() throws IOException {
    Path datasets = SharedDatasets.require("criteo_kaggle_head10000/train.txt").getParent().getParent();
    SharedDatasets.require("avazu_head8999/train.csv");
    SparkTestSession.get();

    int code = SampleBenchmark.run("--quick", "--encodings", "vocab", "--master", "local[2]",
        "--datasets", datasets.toString(), "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-samples.csv"));
    assertEquals(String.join(",", SampleBenchmark.HEADER), lines.get(0));
    assertEquals(1 + 2 * 2, lines.size(), "criteo and avazu x (FTRL, MLlib): " + lines);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(SampleBenchmark.HEADER.length, cells.length, line);
      assertEquals("vocab", cells[1], line);
      assertEquals("1600", cells[3], line); // ceil(0.8 * 2,000) train rows
      assertEquals("400", cells[4], line);
      double auc = Double.parseDouble(cells[9]);
      assertTrue(auc > 0.5 && auc <= 1.0, "test AUC in (0.5, 1]: " + line);
      assertTrue(Double.parseDouble(cells[10]) > 0.0, "test log loss > 0: " + line);
    }
    assertTrue(lines.get(1).startsWith("criteo,vocab,") && lines.get(1).contains("spark-ctr FTRL"), lines.get(1));
    assertTrue(lines.get(2).contains("MLlib LogisticRegression"), lines.get(2));
    assertTrue(lines.get(3).startsWith("avazu,vocab,"), lines.get(3));
    assertTrue(Files.readString(output.resolve("bench-samples.md")).contains(SampleBenchmark.REFERENCE));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"lr", "fm", "ffm"})
  void throughputBenchmarkWritesKernelAndSparkRows(String model) throws IOException {
    SparkTestSession.get();

    int code = ThroughputBenchmark.run("--quick", "--num-bits", "16", "--epochs", "2", "--master", "local[2]",
        "--model", model, "--factor-size", "2", "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-throughput.csv"));
    assertEquals(String.join(",", ThroughputBenchmark.HEADER), lines.get(0));
    assertEquals(4, lines.size(), "kernel on float rows, kernel on the double engine, Spark: " + lines);
    assertTrue(lines.get(1).startsWith("kernel " + model + ",float rows"), lines.get(1));
    assertTrue(lines.get(2).startsWith("kernel " + model + ",double engine"), lines.get(2));
    assertTrue(lines.get(3).startsWith("spark " + model + ","), lines.toString());
    String[] spark = lines.get(3).split(",", -1);
    assertTrue(Long.parseLong(spark[13]) > 0 && Long.parseLong(spark[14]) > 0, "bytes per round and peak heap: " + lines);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(ThroughputBenchmark.HEADER.length, cells.length, line);
      assertEquals("2000", cells[2], line);
      assertEquals(String.valueOf(1 << 16), cells[4], line);
      assertTrue(Double.parseDouble(cells[3]) > 1.0, "several features per row: " + line);
      assertTrue(Long.parseLong(cells[11]) > 0, "positive throughput: " + line);
    }
    assertTrue(Files.readString(output.resolve("bench-throughput.md")).contains(ThroughputBenchmark.REFERENCE));
  }

  @Test
  void kernelBenchmarkWritesEveryEngineModeForLrFmAndFfm() throws IOException {
    int code = new picocli.CommandLine(new KernelBenchmark()).execute("--rows", "2000", "--bits", "12",
        "--ffm-rows", "300", "--ffm-bits", "8", "--epochs", "1", "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-kernels.csv"));
    assertEquals(10, lines.size(), "3 modes x (LR, FM, FFM) and the header: " + lines);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(line.contains("FFM") ? "8" : "12", cells[0], line);
      assertEquals(line.contains("FFM") ? "300" : "2000", cells[2], "the rows timed: " + line);
      assertTrue(Double.parseDouble(cells[4]) > 0, "positive throughput: " + line);
      double logloss = Double.parseDouble(cells[8]);
      assertTrue(logloss > 0.3 && logloss < 0.7, "a 25%-positive set's loss: " + line);
    }
  }

  @Test
  void sizePathBenchmarkWritesThePathAndTheSummary() throws IOException {
    Path datasets = SharedDatasets.require("criteo_kaggle_head10000/train.txt").getParent().getParent();
    SharedDatasets.require("avazu_head8999/train.csv");
    SparkTestSession.get();

    int code = SizePathBenchmark.run("--quick", "--master", "local[2]", "--datasets", datasets.toString(),
        "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-size-path.csv"));
    assertEquals(String.join(",", SizePathBenchmark.HEADER), lines.get(0));
    // 2 datasets x (MLlib: 2 regParams, standardized or not; ftrl, ftrl+refit, rda, rda+refit: 2 strengths each;
    // dense FM; sparseGroupFtrl with and without refit: 2 strengths each)
    assertEquals(1 + 2 * (4 + 4 * 2 + 1 + 2 * 2), lines.size(), lines.toString());
    for (String line : lines.subList(1, lines.size())) {
      double auc = Double.parseDouble(line.split(",", -1)[3]);
      assertTrue(auc >= 0.0 && auc <= 1.0, line);
    }
    List<String> summary = Files.readAllLines(output.resolve("bench-size-path-summary.csv"));
    assertEquals(String.join(",", SizePathBenchmark.SUMMARY_HEADER), summary.get(0));
    assertEquals(1 + 2 * (4 + 2), summary.size(), summary.toString());
  }

  @Test
  void fmBenchmarkWritesEveryLearnerAndTheGroupPath() throws IOException {
    Path datasets = SharedDatasets.require("criteo_kaggle_head10000/train.txt").getParent().getParent();
    SharedDatasets.require("avazu_head8999/train.csv");
    SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    SparkTestSession.get();

    int code = FmBenchmark.run("--quick", "--master", "local[2]", "--datasets", datasets.toString(),
        "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-fm.csv"));
    assertEquals(String.join(",", FmBenchmark.HEADER), lines.get(0));
    assertEquals(1 + 3 * 3, lines.size(), "3 datasets x (FM, FFM, MLlib FMClassifier): " + lines);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      double auc = Double.parseDouble(cells[7]);
      assertTrue(auc >= 0.0 && auc <= 1.0, line);
      assertTrue(Long.parseLong(cells[10]) <= Long.parseLong(cells[9]), "nonzero rows <= rows: " + line);
    }
    List<String> group = Files.readAllLines(output.resolve("bench-fm-group.csv"));
    assertEquals(1 + 3 * 2, group.size(), "3 datasets x 2 quick l21 values: " + group);
    List<String> summary = Files.readAllLines(output.resolve("bench-fm-summary.csv"));
    assertEquals(String.join(",", FmBenchmark.SUMMARY_HEADER), summary.get(0));
    assertEquals(1 + 3, summary.size(), summary.toString());
  }

  @Test
  void scaleBenchmarkWritesEveryLearnerWithItsTimeToTarget() throws IOException {
    SparkTestSession.get();

    int code = ScaleBenchmark.run("--rows", "3000", "--test-rows", "1000", "--num-bits", "14", "--epochs", "2",
        "--mllib-max-iter", "5", "--no-samples", "--master", "local[2]", "--output", output.toString());

    assertEquals(0, code);
    List<String> lines = Files.readAllLines(output.resolve("bench-scale.csv"));
    assertEquals(String.join(",", ScaleBenchmark.HEADER), lines.get(0));
    assertEquals(1 + 5, lines.size(), "MLlib LR L2, L1, FTRL-LR, MLlib FM, FM: " + lines);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(ScaleBenchmark.HEADER.length, cells.length, line);
      assertEquals("3000", cells[1], line);
      double auc = Double.parseDouble(cells[8]);
      assertTrue(auc > 0.5 && auc <= 1.0, line);
      assertTrue(Double.parseDouble(cells[12]) > 0, "a peak heap: " + line);
      if (cells[2].startsWith("spark-ctr")) {
        assertTrue(!cells[6].isEmpty() && Double.parseDouble(cells[11]) > 0, "time to target, bytes: " + line);
        assertTrue(Long.parseLong(cells[13]) > 0, "epoch throughput: " + line);
      }
    }
  }

  @Test
  void helenBenchmarkWritesEveryLearnerWithSeedStatisticsAndThePairedDifference() throws IOException {
    SparkTestSession.get();

    int code = HelenBenchmark.run("--seeds", "2", "--synthetic-rows", "3000", "--no-samples", "--hidden", "8",
        "--epochs", "1", "--partition-rows", "1000", "--sharpness-rows", "256", "--extra-helen-rhos", "0.01",
        "--master", "local[2]",
        "--output", output.toString());

    assertEquals(0, code);
    List<String> partitions = Files.readAllLines(output.resolve("bench-helen-partitions.csv"));
    assertEquals(1 + 3, partitions.size(), "1, 2 and 8 partitions: " + partitions);
    assertTrue(partitions.get(1).startsWith("1000,1,2,") && partitions.get(3).startsWith("1000,8,2,"), partitions.toString());
    List<String> sharpness = Files.readAllLines(output.resolve("sharpness/sharpness.csv"));
    assertEquals(1 + 3 * 10, sharpness.size(), "10 deciles of Adam, Helen and Helen official: " + sharpness);
    assertTrue(Files.size(output.resolve("sharpness/sharpness.png")) > 2000);
    List<String> lines = Files.readAllLines(output.resolve("bench-helen.csv"));
    assertEquals(String.join(",", HelenBenchmark.HEADER), lines.get(0));
    assertEquals(1 + 7, lines.size(), "FM, DeepFM adam, sam, helen, helen-official and both Helens at rho 0.01: " + lines);
    assertTrue(lines.get(7).contains("DeepFM helen-official rho 0.01"), lines.get(7));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals("2", cells[2], line);
      double auc = Double.parseDouble(cells[3]);
      assertTrue(auc > 0.5 && auc <= 1.0, line);
      assertEquals(cells[1].startsWith("DeepFM helen"), !cells[7].isEmpty(), "paired difference only for Helen: " + line);
      assertEquals(cells[1].startsWith("DeepFM"), !cells[10].isEmpty(), "GFLOP/s for DeepFM: " + line);
    }
    assertTrue(HelenBenchmark.gemmPeakGflops() > 0.1);
  }

  @Test
  void helenBenchmarksPartitionCheckRunsAlone(@TempDir Path dir) throws IOException {
    SparkTestSession.get();

    int code = HelenBenchmark.run("--partition-check-only", "--seeds", "2", "--synthetic-rows", "2000",
        "--partition-rows", "600", "--hidden", "4", "--epochs", "1", "--master", "local[2]", "--output", dir.toString());

    assertEquals(0, code);
    List<String> partitions = Files.readAllLines(dir.resolve("bench-helen-partitions.csv"));
    assertEquals(List.of("600", "600", "600"), partitions.subList(1, 4).stream().map(l -> l.split(",")[0]).toList());
    assertTrue(partitions.get(2).split(",", -1)[5].length() > 0, "the paired difference against one partition");
    assertTrue(!Files.exists(dir.resolve("bench-helen.csv")) && !Files.exists(dir.resolve("sharpness")));
  }

  @Test
  void fewestWithinPicksTheSparsestPointAtOrAboveTheTarget() {
    List<double[]> points = List.of(new double[] {0, 0.75, 900}, new double[] {1, 0.748, 300},
        new double[] {2, 0.70, 20});
    assertEquals(300.0, SizePathBenchmark.fewestWithin(points, 0.748), 0.0);
    assertTrue(Double.isNaN(SizePathBenchmark.fewestWithin(points, 0.76)));
  }
}
