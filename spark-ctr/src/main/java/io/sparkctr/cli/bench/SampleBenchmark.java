package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.metrics.Auc;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.models.lr.LinearModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Test AUC and log loss of spark-ctr's FTRL logistic regression and of MLlib's LogisticRegression on
 * the real Criteo and Avazu samples, with the same features for both.
 *
 * <p>Each file is split by row order: the first 80% of its rows train, the last 20% test (Criteo
 * 10,000 rows: 8,000 / 2,000; Avazu 8,999: 7,200 / 1,799). The featurizer is fitted on the train part
 * only. Hyperparameters are chosen by validation AUC on the last 20% of the train part (models fitted
 * on its first 80%), then the learner is refitted on the whole train part and evaluated once on test.
 * The test part is never used to choose anything. Validation scores are computed on the driver
 * ({@link Auc}, {@link LogLoss}); test scores by Spark's evaluators.
 *
 * <p>FTRL's maxIter grid costs one fit per (alpha, l1, l2): the model after epoch e of a fit with
 * maxIter = max(grid) is exactly the model a fit with maxIter = e returns (the epochs are
 * deterministic), so the validation scores of every e in the grid come from the epoch listener.
 */
@Command(name = "bench-samples", mixinStandardHelpOptions = true,
    description = "FTRL vs MLlib logistic regression on the Criteo and Avazu samples (row-order split).")
public final class SampleBenchmark implements Callable<Integer> {
  static final String REFERENCE =
      "best LR among liblinear, VW, xLearn: 0.748 (Criteo split), 0.716 (Avazu split)";
  static final String[] HEADER = {"dataset", "encoding", "num_features", "train_rows", "test_rows", "learner",
      "grid_size", "chosen_params", "valid_auc", "test_auc", "test_logloss", "nonzero_weights", "fit_seconds"};

  @Option(names = "--datasets", defaultValue = "../shared/datasets",
      description = "Folder holding criteo_kaggle_head10000/ and avazu_head8999/. Default: ${DEFAULT-VALUE}.")
  String datasets;

  @Option(names = "--output", defaultValue = "target/bench-samples",
      description = "Folder for bench-samples.csv and bench-samples.md. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(names = "--quick", description = "Smoke run: the first 2,000 rows of each file and a tiny grid.")
  boolean quick;

  @Option(names = "--max-rows", defaultValue = "0",
      description = "Use only the first N rows of each file (0 = all; --quick sets 2000).")
  long maxRows;

  @Option(names = "--encodings", split = ",", defaultValue = "vocab",
      description = "Featurizer encodings to run, comma-separated: vocab, hash. Default: ${DEFAULT-VALUE}"
          + " (vocab,hash doubles the run time: MLlib on 2^18 hashed features is slow).")
  List<String> encodings;

  @Option(names = "--hash-bits", defaultValue = "18",
      description = "numBits of the hash encoding. Default: ${DEFAULT-VALUE}.")
  int hashBits;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  /** One sample file and its conventions. */
  record Sample(String name, String file, InputFormat format, long minCount) {}

  static final Sample[] SAMPLES = {
    new Sample("criteo", "criteo_kaggle_head10000/train.txt", InputFormat.CRITEO, 10),
    new Sample("avazu", "avazu_head8999/train.csv", InputFormat.AVAZU, 2),
  };

  /** Validation or test metrics of one fitted model. */
  private record Scores(double auc, double logLoss) {
    boolean betterThan(Scores other) {
      return other == null || auc > other.auc || (auc == other.auc && logLoss < other.logLoss);
    }
  }

  private double[] ftrlAlpha() { return quick ? new double[] {0.1} : new double[] {0.02, 0.05, 0.1}; }
  private double[] ftrlL1() { return quick ? new double[] {0.0, 1.0} : new double[] {0.0, 0.5, 1.0}; }
  private double[] ftrlL2() { return quick ? new double[] {0.0} : new double[] {0.0, 1.0}; }
  private int[] ftrlIter() { return quick ? new int[] {1, 3} : new int[] {1, 3, 5}; }
  private double[] lrReg() { return quick ? new double[] {1e-2} : new double[] {0.0, 1e-4, 1e-3, 1e-2, 1e-1}; }
  private double[] lrElastic() { return quick ? new double[] {0.0} : new double[] {0.0, 1.0}; }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the benchmark and returns the exit code (0 success, 1 failure, 2 usage error); never exits. */
  public static int run(String... args) {
    return new CommandLine(new SampleBenchmark()).execute(args);
  }

  @Override
  public Integer call() {
    if (quick && maxRows == 0) {
      maxRows = 2000;
    }
    final int cores = Runtime.getRuntime().availableProcessors();
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-samples");
    spark.sparkContext().setLogLevel("WARN");
    final ResultTable table = new ResultTable(HEADER);
    final long start = System.nanoTime();
    for (Sample sample : SAMPLES) {
      Path file = Paths.get(datasets, sample.file());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("Sample file MUST exist, but " + file.toAbsolutePath()
            + " does not (pass --datasets DIR, the folder described in shared/datasets/README.md)");
      }
      runSample(spark, sample, file.toString(), table);
    }
    final double totalSeconds = (System.nanoTime() - start) / 1e9;
    String preamble = String.format(Locale.ROOT,
        "# bench-samples (%s)%n%nMachine: %d cores; Spark master %s (default parallelism %d); total %.0f s.%n"
            + "Split by row order: first 80%% train, last 20%% test; params chosen by validation AUC on the last 20%%"
            + " of the train part, refit on the whole train part.%n"
            + "Grids: FTRL alpha %s x l1 %s x l2 %s x maxIter %s (beta 1); MLlib regParam %s x elasticNetParam %s"
            + " x standardization [true, false] (both skipped at regParam 0), maxIter 100.%n"
            + "Featurizer (fitted on the train part): vocab = minCount 10 (Criteo) / 2 (Avazu); hash = 2^%d.%s%n"
            + "Reference: %s.%n",
        LocalDate.now(), cores, master, spark.sparkContext().defaultParallelism(), totalSeconds,
        java.util.Arrays.toString(ftrlAlpha()), java.util.Arrays.toString(ftrlL1()),
        java.util.Arrays.toString(ftrlL2()), java.util.Arrays.toString(ftrlIter()),
        java.util.Arrays.toString(lrReg()), java.util.Arrays.toString(lrElastic()), hashBits,
        quick || maxRows > 0 ? " QUICK/LIMITED RUN: first " + maxRows + " rows of each file, reduced grid." : "",
        REFERENCE);
    table.write(Paths.get(output), "bench-samples", preamble);
    System.out.println();
    System.out.println(preamble);
    System.out.println(table.markdown());
    System.out.println("Wrote " + Paths.get(output).toAbsolutePath().resolve("bench-samples.csv"));
    return 0;
  }

  private void runSample(SparkSession spark, Sample sample, String file, ResultTable table) {
    CtrDataReader.Result read = CtrDataReader.read(spark, file, sample.format(), "error", 0);
    Dataset<Row> rows = read.rows();
    StructType schema = rows.schema();
    JavaPairRDD<Row, Long> indexed = rows.toJavaRDD().zipWithIndex().cache();
    long total = indexed.count();
    final long n = maxRows > 0 ? Math.min(maxRows, total) : total;
    final long trainRows = (4 * n + 4) / 5; // ceil(0.8 n): Criteo 8,000 of 10,000; Avazu 7,200 of 8,999
    final long fitRows = (4 * trainRows + 4) / 5;
    Dataset<Row> train = slice(spark, indexed, schema, 0, trainRows);
    Dataset<Row> fitPart = slice(spark, indexed, schema, 0, fitRows);
    Dataset<Row> validPart = slice(spark, indexed, schema, fitRows, trainRows);
    Dataset<Row> test = slice(spark, indexed, schema, trainRows, n);
    System.out.printf(Locale.ROOT, "%n== %s: %d rows; train [0, %d) (selection: fit [0, %d), validation [%d, %d)),"
        + " test [%d, %d)%n", sample.name(), n, trainRows, fitRows, fitRows, trainRows, trainRows, n);

    for (String encoding : encodings) {
      CtrFeaturizer featurizer = Jobs.featurizerFor(sample.format(), read.rawColumns()).setEncoding(encoding);
      if (encoding.equals("vocab")) {
        featurizer.setMinCount(sample.minCount());
      } else {
        featurizer.setNumBits(hashBits);
      }
      CtrFeaturizerModel features = featurizer.fit(train);
      Dataset<Row> trainF = featurize(features, train);
      Dataset<Row> fitF = featurize(features, fitPart);
      Dataset<Row> validF = featurize(features, validPart);
      Dataset<Row> testF = featurize(features, test);
      int numFeatures = features.numFeatures();
      System.out.printf(Locale.ROOT, "-- %s %s: %d features%n", sample.name(), encoding, numFeatures);
      Object[] common = {sample.name(), encoding, numFeatures, trainRows, n - trainRows};
      ftrl(fitF, validF, trainF, testF, table, common);
      mllib(fitF, validF, trainF, testF, table, common);
      for (Dataset<Row> d : List.of(trainF, fitF, validF, testF)) {
        d.unpersist();
      }
    }
    indexed.unpersist();
  }

  /**
   * A sample file split by row order, the benchmarks' common setup: its first {@code rows} rows, of which
   * the first 80% ({@code trainRows}) train and the rest test, with the vocabulary featurizer (the
   * sample's min count) fitted on the train part.
   */
  record RowOrderSplit(SparkSession spark, JavaPairRDD<Row, Long> indexed, StructType schema, long rows,
      long trainRows, CtrFeaturizerModel features) {
    /** Raw rows [from, to) in file order. */
    Dataset<Row> raw(long from, long to) {
      return slice(spark, indexed, schema, from, to);
    }

    /** Featurized rows [from, to), cached. */
    Dataset<Row> featurized(long from, long to) {
      return featurize(features, raw(from, to));
    }

    Dataset<Row> train() {
      return featurized(0, trainRows);
    }

    Dataset<Row> test() {
      return featurized(trainRows, rows);
    }

    void unpersist() {
      indexed.unpersist();
    }
  }

  /**
   * Reads {@code sample} from {@code datasets} and splits it by row order.
   *
   * @param maxRows use only the first maxRows rows (0 or less: all)
   */
  static RowOrderSplit rowOrderSplit(SparkSession spark, String datasets, Sample sample, long maxRows) {
    Path file = Paths.get(datasets, sample.file());
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Sample file MUST exist, but " + file.toAbsolutePath() + " does not");
    }
    CtrDataReader.Result read = CtrDataReader.read(spark, file.toString(), sample.format(), "error", 0);
    StructType schema = read.rows().schema();
    JavaPairRDD<Row, Long> indexed = read.rows().toJavaRDD().zipWithIndex().cache();
    long rows = maxRows > 0 ? Math.min(maxRows, indexed.count()) : indexed.count();
    long trainRows = (4 * rows + 4) / 5;
    CtrFeaturizerModel features = Jobs.featurizerFor(sample.format(), read.rawColumns())
        .setEncoding("vocab").setMinCount(sample.minCount()).fit(slice(spark, indexed, schema, 0, trainRows));
    return new RowOrderSplit(spark, indexed, schema, rows, trainRows, features);
  }

  static Dataset<Row> slice(SparkSession spark, JavaPairRDD<Row, Long> indexed, StructType schema,
      long from, long to) {
    return spark.createDataFrame(indexed.filter(t -> t._2() >= from && t._2() < to).keys(), schema);
  }

  static Dataset<Row> featurize(CtrFeaturizerModel features, Dataset<Row> raw) {
    Dataset<Row> out = features.transform(raw).select("label", "features", "fields").cache();
    out.count();
    return out;
  }

  /** Test metrics: Spark's evaluators on the scored frame. */
  private static Scores score(Dataset<Row> scored) {
    return new Scores(Jobs.auc(scored), Jobs.logLoss(scored));
  }

  /**
   * The validation rows on the driver: selection scores many models on a few thousand rows, and a
   * Spark job per score would cost more than the fits.
   */
  private record LocalRows(int[][] indices, double[][] values, double[] labels) {
    static LocalRows collect(Dataset<Row> featurized) {
      List<Row> rows = featurized.select("label", "features").collectAsList();
      int n = rows.size();
      int[][] indices = new int[n][];
      double[][] values = new double[n][];
      double[] labels = new double[n];
      for (int i = 0; i < n; i++) {
        SparseVector v = ((Vector) rows.get(i).get(1)).toSparse();
        indices[i] = v.indices();
        values[i] = v.values();
        labels[i] = rows.get(i).getDouble(0);
      }
      return new LocalRows(indices, values, labels);
    }

    /** AUC ({@link Auc}) and clipped log loss ({@link LogLoss}) of a linear model on these rows. */
    Scores score(LinearModel model) {
      int n = labels.length;
      double[] margins = new double[n];
      double[] probabilities = new double[n];
      for (int i = 0; i < n; i++) {
        margins[i] = model.margin(indices[i], values[i], 0, indices[i].length);
        probabilities[i] = model.probability(indices[i], values[i], 0, indices[i].length);
      }
      return new Scores(Auc.of(margins, labels, n), LogLoss.of(probabilities, labels, n));
    }
  }

  private void ftrl(Dataset<Row> fitF, Dataset<Row> validF, Dataset<Row> trainF, Dataset<Row> testF,
      ResultTable table, Object[] common) {
    final int[] iters = ftrlIter();
    final int maxIter = iters[iters.length - 1];
    final LocalRows valid = LocalRows.collect(validF);
    Scores best = null;
    String bestParams = null;
    double[] bestHyper = null;
    int bestIter = 0;
    int gridSize = 0;
    for (double alpha : ftrlAlpha()) {
      for (double l1 : ftrlL1()) {
        for (double l2 : ftrlL2()) {
          List<Scores> byIter = new ArrayList<>();
          FtrlLogisticRegression estimator = new FtrlLogisticRegression()
              .setAlpha(alpha).setL1(l1).setL2(l2).setMaxIter(maxIter).setValidationFraction(0.0).setTol(0.0);
          estimator.reportEpochs((phase, record, model) -> {
            for (int e : iters) {
              if (e == record.epoch()) {
                byIter.add(valid.score(((FtrlLogisticRegressionModel) model.get()).linearModel()));
              }
            }
          });
          estimator.fit(fitF);
          for (int i = 0; i < iters.length; i++) {
            gridSize++;
            if (byIter.get(i).betterThan(best)) {
              best = byIter.get(i);
              bestHyper = new double[] {alpha, l1, l2};
              bestIter = iters[i];
              bestParams = String.format(Locale.ROOT, "alpha=%s l1=%s l2=%s maxIter=%d", alpha, l1, l2, iters[i]);
            }
          }
        }
      }
    }
    FtrlLogisticRegression chosen = new FtrlLogisticRegression()
        .setAlpha(bestHyper[0]).setL1(bestHyper[1]).setL2(bestHyper[2]).setMaxIter(bestIter)
        .setValidationFraction(0.0).setTol(0.0);
    long start = System.nanoTime();
    FtrlLogisticRegressionModel model = chosen.fit(trainF);
    double seconds = (System.nanoTime() - start) / 1e9;
    Scores test = score(model.transform(testF));
    report(table, common, "spark-ctr FTRL", gridSize, bestParams, best, test, model.numNonzeros(), seconds);
  }

  private void mllib(Dataset<Row> fitF, Dataset<Row> validF, Dataset<Row> trainF, Dataset<Row> testF,
      ResultTable table, Object[] common) {
    final LocalRows valid = LocalRows.collect(validF);
    Scores best = null;
    double[] bestParams = null;
    int gridSize = 0;
    // standardization is searched too: MLlib's default (on) penalises one-hot columns by their scale,
    // which need not suit CTR features; the comparison gives MLlib its better choice.
    for (boolean standardize : new boolean[] {true, false}) {
      for (double reg : lrReg()) {
        for (double elastic : lrElastic()) {
          if (reg == 0.0 && (elastic != lrElastic()[0] || !standardize)) {
            continue; // no penalty: the mixing parameter and the scaling change nothing
          }
          gridSize++;
          LogisticRegression lr = new LogisticRegression().setRegParam(reg).setElasticNetParam(elastic)
              .setStandardization(standardize);
          LogisticRegressionModel fitted = lr.fit(fitF);
          Scores s = valid.score(new LinearModel(fitted.coefficients().toArray(), fitted.intercept()));
          if (s.betterThan(best)) {
            best = s;
            bestParams = new double[] {reg, elastic, standardize ? 1 : 0};
          }
        }
      }
    }
    LogisticRegression chosen = new LogisticRegression().setRegParam(bestParams[0]).setElasticNetParam(bestParams[1])
        .setStandardization(bestParams[2] == 1);
    long start = System.nanoTime();
    LogisticRegressionModel model = chosen.fit(trainF);
    double seconds = (System.nanoTime() - start) / 1e9;
    Scores test = score(model.transform(testF));
    String params = String.format(Locale.ROOT, "regParam=%s elasticNetParam=%s standardization=%s",
        bestParams[0], bestParams[1], bestParams[2] == 1);
    report(table, common, "MLlib LogisticRegression", gridSize, params, best, test,
        model.coefficients().numNonzeros(), seconds);
  }

  private static void report(ResultTable table, Object[] common, String learner, int gridSize, String params,
      Scores valid, Scores test, int nonzeros, double seconds) {
    System.out.printf(Locale.ROOT, "%s %s | %s: %s; valid AUC %.4f; test AUC %.4f, log loss %.4f; %d nonzero; fit %.2f s%n",
        common[0], common[1], learner, params, valid.auc(), test.auc(), test.logLoss(), nonzeros, seconds);
    table.add(common[0], common[1], common[2], common[3], common[4], learner, gridSize, params,
        valid.auc(), test.auc(), test.logLoss(), nonzeros, seconds);
  }
}
