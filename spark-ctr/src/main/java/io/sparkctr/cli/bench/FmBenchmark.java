package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.FactorizationClassifierBase;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FieldAwareFMClassifier;
import io.sparkctr.ml.export.ModelExport;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.serving.ServingModelCodec;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.FMClassificationModel;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * FM and field-aware FM against MLlib's FMClassifier, with the same features, splits and factor size,
 * on the Criteo and Avazu samples (row-order 80/20 splits, vocab features through CtrFeaturizer) and
 * on the xLearn FFM demo (its own train and test files, libffm).
 *
 * <p>Every learner's hyperparameters are chosen by validation AUC on the last 20% of the train part
 * (fitted on its first 80%), then refitted on the whole train part and scored once on test. Then the
 * group-lasso path: SparseGroupFtrl FM over a grid of l21 (its alpha chosen the same way at l21 = 0),
 * each point scored on test, and the most embedding rows it drops while its test AUC stays within
 * 0.002 of plain FTRL FM's.
 */
@Command(name = "bench-fm", mixinStandardHelpOptions = true,
    description = "FM and FFM vs MLlib FMClassifier on the Criteo and Avazu samples and the xLearn FFM demo.")
public final class FmBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "learner", "factor_size", "train_rows", "test_rows", "chosen_params",
      "valid_auc", "test_auc", "test_logloss", "embedding_rows", "nonzero_embedding_rows", "model_bytes",
      "fit_seconds", "rows_per_sec_per_core"};
  static final String[] GROUP_HEADER = {"dataset", "learner", "l21", "test_auc", "test_logloss",
      "nonzero_embedding_rows", "embedding_rows", "model_bytes"};
  static final String[] SUMMARY_HEADER = {"dataset", "ftrl_fm_test_auc", "target_auc", "ftrl_fm_rows",
      "fewest_group_rows_within_0.002", "rows_dropped_share"};

  @Option(names = "--datasets", defaultValue = "../shared/datasets", description = "Folder of the samples.")
  String datasets;

  @Option(names = "--output", defaultValue = "target/bench-fm", description = "Output folder.")
  String output;

  @Option(names = "--factor-size", defaultValue = "4", description = "k for every learner. Default: ${DEFAULT-VALUE}.")
  int factorSize;

  @Option(names = "--quick", description = "Smoke run: the first 2,000 rows of each sample and tiny grids.")
  boolean quick;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  /** One dataset: train and test frames with label, features and fields. */
  private record Split(String name, Dataset<Row> train, Dataset<Row> test, Dataset<Row> fitPart,
      Dataset<Row> validPart, Transformer featurizer) {}

  /** A fitted learner's scores. */
  private record Result(String params, double validAuc, double testAuc, double testLogLoss, long embeddingRows,
      long nonzeroRows, long modelBytes, double fitSeconds, double rowsPerSecPerCore) {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new FmBenchmark()).execute(args);
  }

  private double[] alphas() { return quick ? new double[] {0.05} : new double[] {0.01, 0.02, 0.05, 0.1}; }
  private int[] epochs() { return quick ? new int[] {1} : new int[] {1, 2, 3}; }
  private double[] mllibSteps() {
    return quick ? new double[] {0.1} : new double[] {0.001, 0.003, 0.01, 0.03, 0.1, 1.0};
  }
  private double[] mllibRegs() { return quick ? new double[] {0.0} : new double[] {0.0, 0.01, 0.1}; }
  private double[] l21s() {
    return quick ? new double[] {0, 1} : new double[] {0, 0.3, 1, 2, 3, 5, 10, 20, 30, 50, 100};
  }

  @Override
  public Integer call() throws Exception {
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-fm");
    spark.sparkContext().setLogLevel("WARN");
    final int cores = spark.sparkContext().defaultParallelism();
    final ResultTable table = new ResultTable(HEADER);
    final ResultTable group = new ResultTable(GROUP_HEADER);
    final ResultTable summary = new ResultTable(SUMMARY_HEADER);
    final long start = System.nanoTime();
    for (Split split : splits(spark)) {
      long trainRows = split.train().count();
      long testRows = split.test().count();
      System.out.printf(Locale.ROOT, "%s: %d train, %d test rows%n", split.name(), trainRows, testRows);
      Result ftrlFm = null;
      double ftrlAlpha = 0;
      for (boolean fieldAware : new boolean[] {false, true}) {
        Result best = null;
        double bestAlpha = 0;
        int bestEpochs = 0;
        for (double alpha : alphas()) {
          for (int iter : epochs()) {
            double auc = Jobs.auc(fm(fieldAware, "ftrl", alpha, iter).fit(split.fitPart()).transform(split.validPart()));
            if (best == null || auc > best.validAuc()) {
              best = new Result("", auc, 0, 0, 0, 0, 0, 0, 0);
              bestAlpha = alpha;
              bestEpochs = iter;
            }
          }
        }
        Result r = evaluate(split, fm(fieldAware, "ftrl", bestAlpha, bestEpochs),
            String.format(Locale.ROOT, "alpha %s; maxIter %d", bestAlpha, bestEpochs), best.validAuc(), bestEpochs,
            cores);
        add(table, split, fieldAware ? "spark-ctr FFM (ftrl)" : "spark-ctr FM (ftrl)", trainRows, testRows, r);
        if (!fieldAware) {
          ftrlFm = r;
          ftrlAlpha = bestAlpha;
        }
      }
      add(table, split, "MLlib FMClassifier", trainRows, testRows, mllib(split, cores));

      // Group lasso: SparseGroupFtrl FM over l21, alpha chosen at l21 = 0 on validation.
      double groupAlpha = 0;
      double bestValid = -1;
      for (double alpha : alphas()) {
        double auc = Jobs.auc(fm(false, "sparseGroupFtrl", alpha, epochs()[epochs().length - 1])
            .fit(split.fitPart()).transform(split.validPart()));
        if (auc > bestValid) {
          bestValid = auc;
          groupAlpha = alpha;
        }
      }
      double target = ftrlFm.testAuc() - 0.002;
      long fewest = -1;
      for (double l21 : l21s()) {
        FactorizationClassifierBase<?> e = fm(false, "sparseGroupFtrl", groupAlpha,
            epochs()[epochs().length - 1]).setL21(l21);
        Result r = evaluate(split, e, "l21 " + l21, Double.NaN, epochs()[epochs().length - 1], cores);
        group.add(split.name(), "spark-ctr FM (sparseGroupFtrl, alpha " + groupAlpha + ")", l21, r.testAuc(),
            r.testLogLoss(), r.nonzeroRows(), r.embeddingRows(), r.modelBytes());
        if (r.testAuc() >= target && (fewest < 0 || r.nonzeroRows() < fewest)) {
          fewest = r.nonzeroRows();
        }
      }
      summary.add(split.name(), ftrlFm.testAuc(), target, ftrlFm.nonzeroRows(), fewest < 0 ? "none" : fewest,
          fewest < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", 1.0 - (double) fewest / ftrlFm.nonzeroRows()));
    }
    String preamble = String.format(Locale.ROOT,
        "# bench-fm (%s)%n%nMachine: %d cores; master %s; %.0f s.%s%n"
            + "Criteo and Avazu samples: row-order splits (first 80%% train, last 20%% test), vocab features (min count"
            + " 10 / 2) with fields; xLearn FFM demo: its own 200 / 200 rows (libffm). factorSize %d for all."
            + " spark-ctr: FTRL (beta 1, l1 = l2 = 0), initStd 0.01, syncsPerEpoch 8, seed 42; grid alpha x maxIter."
            + " MLlib FMClassifier: adamW, maxIter 100, initStd 0.01, seed 42; grid stepSize x regParam."
            + " Chosen on validation (last 20%% of train), refitted on all of train, scored once on test."
            + " rows_per_sec_per_core = train rows x epochs / fit seconds / cores.%n",
        LocalDate.now(), cores, master, (System.nanoTime() - start) / 1e9,
        quick ? " QUICK RUN: not a measurement." : "", factorSize);
    table.write(Paths.get(output), "bench-fm", preamble);
    group.write(Paths.get(output), "bench-fm-group", "# SparseGroupFtrl FM over l21 (each point on test)\n");
    summary.write(Paths.get(output), "bench-fm-summary",
        "# Embedding rows SparseGroupFtrl drops at test AUC within 0.002 of FTRL FM\n");
    System.out.println(preamble);
    System.out.println(table.markdown());
    System.out.println(group.markdown());
    System.out.println(summary.markdown());
    return 0;
  }

  private FactorizationClassifierBase<?> fm(boolean fieldAware, String optimizer, double alpha, int maxIter) {
    FactorizationClassifierBase<?> e = fieldAware ? new FieldAwareFMClassifier() : new FactorizationMachineClassifier();
    return e.setOptimizer(optimizer).setAlpha(alpha).setFactorSize(factorSize).setInitStd(0.01).setMaxIter(maxIter)
        .setValidationFraction(0.0).setTol(0.0)
        .setSeed(42L);
  }

  /** Refits on all of train and scores on test. */
  private static Result evaluate(Split split, FactorizationClassifierBase<?> estimator, String params,
      double validAuc, int epochs, int cores) {
    long start = System.nanoTime();
    FactorizationMachineClassificationModel model = estimator.fit(split.train());
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> scored = model.transform(split.test()).cache();
    double auc = Jobs.auc(scored);
    double logLoss = Jobs.logLoss(scored);
    scored.unpersist();
    List<Transformer> stages = new ArrayList<>();
    if (split.featurizer() != null) {
      stages.add(split.featurizer());
    }
    stages.add(model);
    long bytes = ServingModelCodec.encodedSize(ModelExport.of(new PipelineModel("bench", stages)));
    long rows = split.train().count();
    return new Result(params, validAuc, auc, logLoss, model.factorizationModel().layout().numEmbeddingRows(),
        model.nonzeroEmbeddingRows(), bytes, seconds, rows * (double) epochs / seconds / cores);
  }

  private Result mllib(Split split, int cores) {
    double bestAuc = -1;
    double bestStep = 0;
    double bestReg = 0;
    for (double step : mllibSteps()) {
      for (double reg : mllibRegs()) {
        double auc = Jobs.auc(mllibEstimator(step, reg).fit(split.fitPart()).transform(split.validPart()));
        if (auc > bestAuc) {
          bestAuc = auc;
          bestStep = step;
          bestReg = reg;
        }
      }
    }
    long start = System.nanoTime();
    FMClassificationModel model = mllibEstimator(bestStep, bestReg).fit(split.train());
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> scored = model.transform(split.test()).cache();
    double auc = Jobs.auc(scored);
    double logLoss = Jobs.logLoss(scored);
    scored.unpersist();
    Matrix factors = model.factors();
    long nonzeroRows = 0;
    for (int j = 0; j < factors.numRows(); j++) {
      for (int c = 0; c < factors.numCols(); c++) {
        if (factors.apply(j, c) != 0.0) {
          nonzeroRows++;
          break;
        }
      }
    }
    // MLlib has no sparse export: its model data is the dense factor matrix and linear vector.
    long denseBytes = 8L * (factors.numRows() * (long) factors.numCols() + model.linear().size() + 1);
    long rows = split.train().count();
    return new Result(String.format(Locale.ROOT, "stepSize %s; regParam %s", bestStep, bestReg), bestAuc, auc,
        logLoss, factors.numRows(), nonzeroRows, denseBytes, seconds, rows * 100.0 / seconds / cores);
  }

  private FMClassifier mllibEstimator(double step, double reg) {
    return new FMClassifier().setFactorSize(factorSize).setStepSize(step).setRegParam(reg).setMaxIter(100)
        .setInitStd(0.01).setSeed(42L);
  }

  private void add(ResultTable table, Split split, String learner, long trainRows, long testRows, Result r) {
    table.add(split.name(), learner, factorSize, trainRows, testRows, r.params(), r.validAuc(), r.testAuc(), r.testLogLoss(),
        r.embeddingRows(), r.nonzeroRows(), r.modelBytes(), r.fitSeconds(), Math.round(r.rowsPerSecPerCore()));
  }

  private List<Split> splits(SparkSession spark) {
    List<Split> out = new ArrayList<>();
    for (SampleBenchmark.Sample sample : SampleBenchmark.SAMPLES) {
      SampleBenchmark.RowOrderSplit split =
          SampleBenchmark.rowOrderSplit(spark, datasets, sample, quick ? 2000 : 0);
      long fitRows = (4 * split.trainRows() + 4) / 5;
      // Validation: the featurizer fitted on train; the learners only see its first 80% when choosing.
      out.add(new Split(sample.name(), split.train(), split.test(), split.featurized(0, fitRows),
          split.featurized(fitRows, split.trainRows()), split.features()));
    }
    Path demo = Paths.get(datasets, "criteo_xlearn_ffm_demo");
    CtrDataReader.Result train = CtrDataReader.read(spark, demo.resolve("small_train.txt").toString(),
        InputFormat.LIBFFM, "error", 0);
    CtrDataReader.Result test = CtrDataReader.read(spark, demo.resolve("small_test.txt").toString(),
        InputFormat.LIBFFM, "error", train.numFeatures());
    Dataset<Row> trainRows = train.rows().cache();
    long n = trainRows.count();
    JavaPairRDD<Row, Long> indexed = trainRows.toJavaRDD().zipWithIndex().cache();
    long fitRows = (4 * n + 4) / 5;
    out.add(new Split("xlearn_ffm_demo", trainRows, test.rows().cache(),
        SampleBenchmark.slice(spark, indexed, trainRows.schema(), 0, fitRows).cache(),
        SampleBenchmark.slice(spark, indexed, trainRows.schema(), fitRows, n).cache(), null));
    return out;
  }
}
