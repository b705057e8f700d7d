package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.ml.classification.CtrClassifierModel;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.serving.ServingModel;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * AUC against model size on the real samples, every fit run to convergence (the estimators' defaults:
 * early stopping on held-out rows, as {@code spark-ctr path} trains): each sparse optimizer of logistic
 * regression over its grid of L1 strengths, with and without refit, next to MLlib's L1 LogisticRegression
 * over its regParam grid (standardization on and off); and FM with the group-lasso optimizers over l21
 * (with and without the row-level refit) next to dense FM. Same features and row-order splits as
 * {@link SampleBenchmark} (first 80% train, last 20% test, vocabulary min count 10 / 2).
 *
 * <p>Summary, per sample: the LR target is MLlib's best test AUC on its grid, with its nonzeros; for each
 * of our learners the fewest nonzero weights among its points at or above that AUC (pass: at most half of
 * MLlib's). The FM target is dense FM's test AUC minus 0.002; the fewest exported embedding rows among the
 * group-lasso points at or above it (pass: at least 30% fewer than dense FM's).
 */
@Command(name = "bench-size-path", mixinStandardHelpOptions = true,
    description = "Sparse optimizers' AUC vs model size next to MLlib's L1 logistic regression and dense FM on the samples.")
public final class SizePathBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "learner", "strength", "test_auc", "test_logloss", "nonzero_weights",
      "embedding_rows", "epochs"};
  static final String[] SUMMARY_HEADER = {"dataset", "learner", "target", "target_auc", "reference_size",
      "fewest_at_target", "ratio", "pass"};

  @Option(names = "--datasets", defaultValue = "../shared/datasets", description = "Folder of the samples.")
  String datasets;

  @Option(names = "--output", defaultValue = "target/bench-size-path", description = "Output folder.")
  String output;

  @Option(names = "--quick", description = "Smoke run: the first 2,000 rows of each file, two strengths.")
  boolean quick;

  @Option(names = "--no-fm", description = "Only logistic regression.")
  boolean noFm;

  @Option(names = "--no-lr", description = "Only FM (MLlib's L1 LR still runs: it sets nothing FM needs, so it is skipped too).")
  boolean noLr;

  @Option(names = "--lr-optimizers", split = ",", description = "Only these LR optimizers (default: all).")
  List<String> lrOptimizers;

  @Option(names = "--param", description = "name=value set on every spark-ctr estimator; repeatable.")
  List<String> params = new ArrayList<>();

  @Option(names = "--fm-grid", description = "optimizer=s1,s2,... replaces that FM group optimizer's l21 grid; "
      + "repeatable. An optimizer not named keeps its grid.")
  List<String> fmGridOverrides = new ArrayList<>();

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  /** Each LR optimizer's strength grid (l1; theta for truncation). */
  private Map<String, double[]> lrGrids() {
    Map<String, double[]> g = new LinkedHashMap<>();
    if (quick) {
      g.put("ftrl", new double[] {0, 3});
      g.put("rda", new double[] {0, 1e-3});
      return g;
    }
    // Converged runs take many epochs, and FTRL's and RDA's L1 acts on sums over all of them: the
    // strengths that give small models are larger than for one epoch.
    g.put("ftrl", new double[] {0, 10, 30, 60, 80, 100, 115, 130, 145, 160, 200, 250});
    g.put("rda", new double[] {0, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 7e-3, 1e-2, 1.5e-2, 2e-2});
    g.put("fobos", new double[] {0, 1e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2});
    g.put("tg", new double[] {0, 1e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2});
    g.put("truncation", new double[] {0, 0.003, 0.005, 0.01, 0.015, 0.02});
    return g;
  }

  /** Each FM group optimizer's l21 grid. */
  private Map<String, double[]> fmGrids() {
    Map<String, double[]> g = new LinkedHashMap<>();
    if (quick) {
      g.put("sparseGroupFtrl", new double[] {0, 1});
      return g;
    }
    // Converged runs sum many epochs of gradients into sparseGroupFtrl's z: its l21 must be larger than
    // for one epoch to zero rows.
    g.put("sparseGroupFtrl", new double[] {3, 6, 10, 15, 20, 30, 45, 70, 100});
    g.put("groupAdam", new double[] {0.03, 0.06, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3});
    for (String o : fmGridOverrides) {
      int eq = o.indexOf('=');
      g.put(o.substring(0, eq).trim(),
          java.util.Arrays.stream(o.substring(eq + 1).split(",")).mapToDouble(Double::parseDouble).toArray());
    }
    return g;
  }

  private double[] mllibGrid() {
    return quick ? new double[] {1e-3, 1e-2}
        : new double[] {1e-5, 3e-5, 1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 7e-4, 1e-3, 1.5e-3, 2e-3, 3e-3, 5e-3, 1e-2};
  }

  private Estimator<?> withParams(Estimator<?> e) {
    for (String p : params) {
      int eq = p.indexOf('=');
      org.apache.spark.ml.param.Param<Object> param = e.getParam(p.substring(0, eq).trim());
      String raw = p.substring(eq + 1).trim();
      e.set(param, param instanceof org.apache.spark.ml.param.DoubleParam ? (Object) Double.parseDouble(raw)
          : param.jsonDecode(raw.matches("-?[0-9]+|true|false") ? raw : "\"" + raw + "\""));
    }
    return e;
  }

  private FtrlLogisticRegression lr(String optimizer, double strength, boolean refit) {
    FtrlLogisticRegression e = new FtrlLogisticRegression().setOptimizer(optimizer).setSeed(42L)
        .setValidationSplit("rowOrder").setRefit(refit);
    if (optimizer.equals("truncation")) {
      e.setTheta(strength);
    } else {
      e.setL1(strength);
    }
    return (FtrlLogisticRegression) withParams(e);
  }

  private FactorizationMachineClassifier fm(String optimizer, double l21, boolean refit) {
    FactorizationMachineClassifier e = new FactorizationMachineClassifier().setOptimizer(optimizer).setSeed(42L)
        .setValidationSplit("rowOrder").setRefit(refit);
    if (!optimizer.equals("ftrl")) {
      e.setL21(l21);
    }
    return (FactorizationMachineClassifier) withParams(e);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new SizePathBenchmark()).execute(args);
  }

  /** A point of a path: strength, test AUC, size (nonzero weights or embedding rows). */
  private record Point(double strength, double auc, double size) {}

  @Override
  public Integer call() throws Exception {
    SparkSession spark = Jobs.session(master, "spark-ctr bench-size-path");
    spark.sparkContext().setLogLevel("ERROR");
    ResultTable table = new ResultTable(HEADER);
    ResultTable summary = new ResultTable(SUMMARY_HEADER);
    long start = System.nanoTime();
    for (SampleBenchmark.Sample sample : SampleBenchmark.SAMPLES) {
      SampleBenchmark.RowOrderSplit split =
          SampleBenchmark.rowOrderSplit(spark, datasets, sample, quick ? 2000 : 0);
      Dataset<Row> trainF = split.train();
      Dataset<Row> testF = split.test();

      // MLlib first: its best AUC is the LR target.
      Point mllibBest = null;
      for (boolean standardize : noLr ? new boolean[0] : new boolean[] {true, false}) {
        for (double reg : mllibGrid()) {
          LogisticRegressionModel model = new LogisticRegression().setElasticNetParam(1.0).setRegParam(reg)
              .setStandardization(standardize).setMaxIter(100).fit(trainF);
          Dataset<Row> scored = model.transform(testF).cache();
          double auc = Jobs.auc(scored);
          int nonzeros = model.coefficients().numNonzeros();
          table.add(sample.name(), "MLlib L1 LogisticRegression" + (standardize ? " (standardized)" : ""), reg, auc,
              Jobs.logLoss(scored), nonzeros, 0, 100);
          scored.unpersist();
          if (mllibBest == null || auc > mllibBest.auc()) {
            mllibBest = new Point(reg, auc, nonzeros);
          }
        }
      }
      for (Map.Entry<String, double[]> grid : lrGrids().entrySet()) {
        if (noLr || (lrOptimizers != null && !lrOptimizers.contains(grid.getKey()))) {
          continue;
        }
        for (boolean refit : new boolean[] {false, true}) {
          String learner = grid.getKey() + (refit ? "+refit" : "");
          List<Point> points = new ArrayList<>();
          for (double strength : grid.getValue()) {
            points.add(fit(table, sample.name(), "LR " + learner, strength, lr(grid.getKey(), strength, refit),
                trainF, testF, split, false));
          }
          double fewest = fewestAt(points, mllibBest.auc());
          summary.add(sample.name(), "LR " + learner, "MLlib L1's best AUC", mllibBest.auc(), mllibBest.size(),
              fewest, fewest / mllibBest.size(), fewest <= mllibBest.size() / 2 ? "yes" : "NO");
        }
      }
      if (!noFm) {
        Point dense = fit(table, sample.name(), "FM ftrl (dense)", 0.0, fm("ftrl", 0.0, false), trainF, testF, split,
            true);
        for (Map.Entry<String, double[]> grid : fmGrids().entrySet()) {
          for (boolean refit : new boolean[] {false, true}) {
            String learner = "FM " + grid.getKey() + (refit ? "+refit" : "");
            List<Point> points = new ArrayList<>();
            for (double l21 : grid.getValue()) {
              points.add(fit(table, sample.name(), learner, l21, fm(grid.getKey(), l21, refit), trainF, testF, split,
                  true));
            }
            double fewest = fewestAt(points, dense.auc() - 0.002);
            summary.add(sample.name(), learner, "dense FM AUC - 0.002", dense.auc() - 0.002, dense.size(), fewest,
                fewest / dense.size(), fewest <= 0.7 * dense.size() ? "yes" : "NO");
          }
        }
      }
      trainF.unpersist();
      testF.unpersist();
      split.unpersist();
    }
    String preamble = String.format(Locale.ROOT,
        "# bench-size-path (%s)%n%nMachine: %d cores; Spark %s; %.0f s.%s%n"
            + "Row-order splits (first 80%% train, last 20%% test) of the Criteo and Avazu samples, vocab features"
            + " (min count 10 / 2). spark-ctr: each estimator's defaults (maxIter 20, early stopping on the last"
            + " 10%% of the training rows, the best epoch's model; refit the same on the kept support: weights for"
            + " LR, whole embedding rows for FM)%s, seed 42; strength = l1 (theta for truncation; l21 for the FM"
            + " group optimizers). MLlib: elasticNetParam 1, maxIter 100, standardization on and off, strength ="
            + " regParam, every training row.%n"
            + "Summary: LR's target is MLlib's best test AUC, its size MLlib's nonzeros there; pass at no more than"
            + " half. FM's target is dense FM's test AUC - 0.002, its size dense FM's exported embedding rows; pass"
            + " at 30%% fewer or more.%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), master, (System.nanoTime() - start) / 1e9,
        quick ? " QUICK RUN: 2,000 rows per file, two strengths." : "",
        params.isEmpty() ? "" : ", plus " + String.join(" ", params));
    table.write(Paths.get(output), "bench-size-path", preamble);
    summary.write(Paths.get(output), "bench-size-path-summary", "# Model size at the target AUC\n");
    System.out.println(preamble);
    System.out.println(summary.markdown());
    return 0;
  }

  /** Fits one point, adds its row and returns (strength, AUC, size); size is embedding rows when asked. */
  private static Point fit(ResultTable table, String dataset, String learner, double strength, Estimator<?> estimator,
      Dataset<Row> train, Dataset<Row> test, SampleBenchmark.RowOrderSplit split, boolean rows) {
    int[] epochs = {0};
    ((io.sparkctr.ml.classification.CtrEstimator) estimator).reportEpochs((phase, r, m) -> epochs[0]++);
    Model<?> model = (Model<?>) estimator.fit(train);
    Dataset<Row> scored = model.transform(test).cache();
    double auc = Jobs.auc(scored);
    double logLoss = Jobs.logLoss(scored);
    scored.unpersist();
    CtrClassifierModel trained = (CtrClassifierModel) model;
    int exportedRows = model instanceof FactorizationMachineClassificationModel fm
        ? ServingModel.vocabulary(split.features().buildFieldLayout(), split.features().vocabulary(),
            fm.factorizationModel(), false).numNonzeroEmbeddingRows() : 0;
    table.add(dataset, learner, strength, auc, logLoss, trained.nonzeroParameters(), exportedRows, epochs[0]);
    System.out.printf(Locale.ROOT, "%-7s %-28s %-8s AUC %.4f  nonzeros %d  rows %d  %d epochs%n", dataset, learner,
        strength, auc, trained.nonzeroParameters(), exportedRows, epochs[0]);
    return new Point(strength, auc, rows ? exportedRows : trained.nonzeroParameters());
  }

  /** The fewest sizes among points at or above {@code target} AUC; NaN if none. */
  private static double fewestAt(List<Point> points, double target) {
    List<double[]> raw = new ArrayList<>();
    for (Point p : points) {
      raw.add(new double[] {p.strength(), p.auc(), p.size()});
    }
    return fewestWithin(raw, target);
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
