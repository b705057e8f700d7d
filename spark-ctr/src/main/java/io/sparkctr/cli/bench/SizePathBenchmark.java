package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * AUC against model size on the real samples: every sparse optimizer over its grid of L1 strengths
 * (with and without refit) next to MLlib's L1 LogisticRegression over its regParam grid, on the same
 * features and row-order splits as {@link SampleBenchmark} (first 80% train, last 20% test). Writes
 * the side-by-side table and, for FTRL and RDA, the fewest nonzeros whose test AUC is within 0.002 of
 * the same optimizer's l1 = 0 AUC, next to the fewest MLlib needs for that AUC.
 */
@Command(name = "bench-size-path", mixinStandardHelpOptions = true,
    description = "Sparse optimizers' AUC vs nonzero weights next to MLlib's L1 logistic regression on the samples.")
public final class SizePathBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "learner", "strength", "test_auc", "test_logloss", "nonzero_weights"};
  static final String[] SUMMARY_HEADER = {"dataset", "learner", "auc_at_l1_0", "target_auc",
      "fewest_nonzeros_within_0.002", "mllib_l1_fewest_nonzeros_for_target", "ratio"};

  @Option(names = "--datasets", defaultValue = "../shared/datasets", description = "Folder of the samples.")
  String datasets;

  @Option(names = "--output", defaultValue = "target/bench-size-path", description = "Output folder.")
  String output;

  @Option(names = "--quick", description = "Smoke run: the first 2,000 rows of each file, two strengths.")
  boolean quick;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  /** Each optimizer's strength grid and its other settings (the sample benchmark's FTRL choice). */
  private Map<String, double[]> grids() {
    Map<String, double[]> g = new LinkedHashMap<>();
    if (quick) {
      g.put("ftrl", new double[] {0, 3});
      g.put("rda", new double[] {0, 1e-3});
      return g;
    }
    g.put("ftrl", new double[] {0, 0.3, 1, 2, 3, 5, 8, 12, 20, 30});
    g.put("rda", new double[] {0, 3e-5, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 5e-3});
    g.put("fobos", new double[] {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2});
    g.put("tg", new double[] {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2});
    g.put("truncation", new double[] {0, 0.003, 0.01, 0.03, 0.1});
    g.put("l1sgd", new double[] {0, 1e-4, 1e-3, 1e-2});
    return g;
  }

  private double[] mllibGrid() {
    return quick ? new double[] {1e-3, 1e-2}
        : new double[] {1e-5, 3e-5, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 3e-2};
  }

  private static FtrlLogisticRegression estimator(String optimizer, double strength, boolean refit) {
    FtrlLogisticRegression e = new FtrlLogisticRegression().setOptimizer(optimizer).setMaxIter(2).setSeed(42L)
        .setValidationFraction(0.0).setTol(0.0)
        .setRefit(refit);
    switch (optimizer) {
      case "ftrl": return e.setAlpha(0.1).setL2(1.0).setL1(strength);
      case "rda": return e.setGamma(1.0).setL1(strength);
      case "truncation": return e.setStepSize(0.05).setTheta(strength).setTruncationPeriod(10);
      case "tg": return e.setStepSize(0.05).setL1(strength).setTheta(Double.POSITIVE_INFINITY).setTruncationPeriod(10);
      default: return e.setStepSize(0.05).setL1(strength); // fobos, l1sgd
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new SizePathBenchmark()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    SparkSession spark = Jobs.session(master, "spark-ctr bench-size-path");
    spark.sparkContext().setLogLevel("WARN");
    ResultTable table = new ResultTable(HEADER);
    ResultTable summary = new ResultTable(SUMMARY_HEADER);
    long start = System.nanoTime();
    for (SampleBenchmark.Sample sample : SampleBenchmark.SAMPLES) {
      SampleBenchmark.RowOrderSplit split =
          SampleBenchmark.rowOrderSplit(spark, datasets, sample, quick ? 2000 : 0);
      Dataset<Row> trainF = split.train();
      Dataset<Row> testF = split.test();

      Map<String, List<double[]>> curves = new LinkedHashMap<>(); // learner -> [auc, nonzeros] points
      for (Map.Entry<String, double[]> grid : grids().entrySet()) {
        for (boolean refit : new boolean[] {false, true}) {
          String learner = grid.getKey() + (refit ? "+refit" : "");
          List<double[]> points = new ArrayList<>();
          for (double strength : grid.getValue()) {
            FtrlLogisticRegressionModel model = estimator(grid.getKey(), strength, refit).fit(trainF);
            Dataset<Row> scored = model.transform(testF).cache();
            double auc = Jobs.auc(scored);
            table.add(sample.name(), learner, strength, auc, Jobs.logLoss(scored), model.numNonzeros());
            scored.unpersist();
            points.add(new double[] {strength, auc, model.numNonzeros()});
          }
          curves.put(learner, points);
        }
      }
      List<double[]> mllib = new ArrayList<>();
      for (double reg : mllibGrid()) {
        LogisticRegressionModel model = new LogisticRegression().setElasticNetParam(1.0).setRegParam(reg)
            .setStandardization(false).setMaxIter(100).fit(trainF);
        Dataset<Row> scored = model.transform(testF).cache();
        double auc = Jobs.auc(scored);
        table.add(sample.name(), "MLlib L1 LogisticRegression", reg, auc, Jobs.logLoss(scored),
            model.coefficients().numNonzeros());
        scored.unpersist();
        mllib.add(new double[] {reg, auc, model.coefficients().numNonzeros()});
      }
      for (String learner : List.of("ftrl", "ftrl+refit", "rda", "rda+refit")) {
        List<double[]> points = curves.get(learner);
        if (points == null) {
          continue;
        }
        double base = curves.get(learner.replace("+refit", "")).get(0)[1]; // the same optimizer at l1 = 0
        double target = base - 0.002;
        double fewest = fewestWithin(points, target);
        double mllibFewest = fewestWithin(mllib, target);
        summary.add(sample.name(), learner, base, target, fewest, mllibFewest,
            Double.isNaN(fewest) || Double.isNaN(mllibFewest) ? Double.NaN : fewest / mllibFewest);
      }
      trainF.unpersist();
      testF.unpersist();
      split.unpersist();
    }
    String preamble = String.format(Locale.ROOT,
        "# bench-size-path (%s)%n%nMachine: %d cores; Spark %s; %.0f s.%s%n"
            + "Row-order splits (first 80%% train, last 20%% test) of the Criteo and Avazu samples, vocab features"
            + " (min count 10 / 2). spark-ctr: maxIter 2, seed 42; ftrl alpha 0.1, l2 1; rda gamma 1; fobos, tg,"
            + " l1sgd, truncation stepSize 0.05 (tg theta Infinity, K 10); strength = l1 (theta for truncation)."
            + " MLlib: elasticNetParam 1, standardization off, maxIter 100, strength = regParam.%n"
            + "The summary's target is the same optimizer's l1 = 0 test AUC minus 0.002; 'fewest' is the fewest"
            + " nonzero weights among the grid points at or above it (MLlib: among its grid points).%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), master, (System.nanoTime() - start) / 1e9,
        quick ? " QUICK RUN: 2,000 rows per file, two strengths." : "");
    table.write(Paths.get(output), "bench-size-path", preamble);
    summary.write(Paths.get(output), "bench-size-path-summary", "# Fewest nonzeros at equal AUC\n");
    System.out.println(preamble);
    System.out.println(table.markdown());
    System.out.println(summary.markdown());
    return 0;
  }

  /** The fewest nonzeros among points (strength, auc, nonzeros) with auc >= target; NaN if none. */
  static double fewestWithin(List<double[]> points, double target) {
    double fewest = Double.NaN;
    for (double[] p : points) {
      if (p[1] >= target && (Double.isNaN(fewest) || p[2] < fewest)) {
        fewest = p[2];
      }
    }
    return fewest;
  }
}
