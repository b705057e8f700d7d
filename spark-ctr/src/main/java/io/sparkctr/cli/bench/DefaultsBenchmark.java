package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.data.InputFormat;
import io.sparkctr.metrics.Auc;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.metrics.Numerics;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.classification.DeepFmClassificationModel;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.ml.param.CtrParams;
import io.sparkctr.models.MappedRow;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.train.EpochRecord;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Defaults against the best of a grid: for every estimator and optimizer on every data set, the test AUC
 * and log loss a user gets with no --param (the CLI's featurizer and the Params' defaults, validation
 * and early stopping included), next to the best test AUC over a grid of that optimizer's own step size
 * (x1/10, x1/3, x1, x3, x10 its default) and epochs (1 to --grid-epochs, every row trained on), and the
 * log loss of a constant predictor (the training base rate). The defaults pass when they are within 0.005
 * AUC of the grid's best and beat the constant predictor's log loss.
 *
 * <p>Data sets: the Criteo and Avazu samples (row-order 80/20), xLearn's Criteo FFM demo (its own
 * 200/200 split), and synthetic sets of other shapes, sizes and base rates written by {@code synth} into
 * the output folder (reused when present).
 */
@Command(name = "bench-defaults", mixinStandardHelpOptions = true,
    description = "Every estimator x optimizer with no --param against the best of a grid over its step size and epochs.")
public final class DefaultsBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "model", "optimizer", "default_auc", "default_logloss", "epochs",
      "best_epoch", "default_seconds", "grid_auc", "grid_logloss", "grid_step", "grid_epochs", "gap",
      "constant_logloss", "pass"};

  @Option(names = "--datasets", defaultValue = "../shared/datasets",
      description = "Folder of the real samples (shared/datasets). Default: ${DEFAULT-VALUE}.")
  String datasets;

  @Option(names = "--sets", split = ",", defaultValue = "criteo,avazu,xlearn,synth-lr,synth-fm-rare,useritem",
      description = "Data sets to run. Default: ${DEFAULT-VALUE}.")
  List<String> sets;

  @Option(names = "--models", split = ",", defaultValue = "lr,fm,ffm,deepfm",
      description = "Models to run. Default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Option(names = "--optimizers", split = ",", description = "Only these optimizers (default: every one of each model).")
  List<String> optimizers;

  @Option(names = "--grid-epochs", defaultValue = "10", description = "Epochs of each grid run. Default: ${DEFAULT-VALUE}.")
  int gridEpochs;

  @Option(names = "--grid-steps", split = ",", defaultValue = "0.1,0.333,1,3,10",
      description = "Multiples of the default step size the grid tries. Default: ${DEFAULT-VALUE}.")
  List<Double> gridSteps;

  @Option(names = "--synthetic-rows", defaultValue = "50000",
      description = "Training rows of the synthetic Criteo-format sets (a quarter as many test rows). Default: ${DEFAULT-VALUE}.")
  long syntheticRows;

  @Option(names = "--no-grid", description = "Only the defaults (no grid).")
  boolean noGrid;

  @Option(names = "--param", description = "name=value set on every estimator (a candidate default); repeatable.")
  List<String> params = new ArrayList<>();

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  @Option(names = "--output", defaultValue = "target/bench-defaults",
      description = "Folder of bench-defaults.{csv,md} and the synthetic sets. Default: ${DEFAULT-VALUE}.")
  String output;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the benchmark and returns the exit code; never exits. */
  public static int run(String... args) {
    return new CommandLine(new DefaultsBenchmark()).execute(args);
  }

  /** Every grid point's test metrics (for choosing defaults offline). */
  private ResultTable grid;

  /** A data set: its training and test files and their format. */
  private record DataSet(String name, Path train, Path test, InputFormat format, String description) {}

  /** Test rows collected to the driver, scored by each epoch's model without a Spark job. */
  private record TestRows(int[][] indices, double[][] values, int[][] fields, double[] labels) {}

  /** A model's test AUC and log loss. */
  private record Scores(double auc, double logLoss) {}

  @Override
  public Integer call() throws Exception {
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-defaults");
    spark.sparkContext().setLogLevel("ERROR");
    final Path out = Paths.get(output);
    Files.createDirectories(out);
    final ResultTable table = new ResultTable(HEADER);
    grid = new ResultTable("dataset", "model", "optimizer", "step_param", "step", "epoch", "auc", "logloss");
    final long start = System.nanoTime();
    final List<String> described = new ArrayList<>();
    for (String name : sets) {
      DataSet set = dataSet(spark, name, out);
      described.add("- " + name + ": " + set.description());
      runSet(spark, set, table, out);
    }
    String preamble = String.format(Locale.ROOT, "# bench-defaults (%s)%n%n%d cores, %.0f min. Defaults: no --param"
        + " (the CLI's featurizer and validation split, each Param's default)%s. Grid: the optimizer's own step size"
        + " x %s its default, epochs 1..%d with every row trained on (validationFraction 0, tol 0), best test AUC."
        + " pass: default AUC within 0.005 of the grid's and log loss below the constant predictor's.%n%n%s%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), (System.nanoTime() - start) / 6e10,
        params.isEmpty() ? "" : ", plus " + String.join(" ", params), gridSteps, gridEpochs,
        String.join("\n", described));
    table.write(out, "bench-defaults", preamble);
    grid.write(out, "bench-defaults-grid", "# bench-defaults: every grid point's test metrics\n");
    System.out.println("wrote " + out.resolve("bench-defaults.md"));
    return 0;
  }

  private void runSet(SparkSession spark, DataSet set, ResultTable table, Path out) {
    CtrDataReader.Result trainRead = CtrDataReader.read(spark, set.train().toString(), set.format(), "error", 0).cache();
    CtrDataReader.Result testRead = CtrDataReader.read(spark, set.test().toString(), set.format(), "error",
        trainRead.numFeatures()).cache();
    Dataset<Row> train = trainRead.rows();
    Dataset<Row> test = testRead.rows();
    CtrFeaturizer featurizer = Jobs.defaultFeaturizer(set.format(), trainRead.rawColumns());
    if (featurizer != null) {
      Transformer fitted = featurizer.fit(train);
      train = fitted.transform(train);
      test = fitted.transform(test);
    }
    String fieldsCol = set.format() == InputFormat.LIBSVM ? null : "fields";
    train = (fieldsCol == null ? train.select("label", "features") : train.select("label", "features", fieldsCol))
        .cache();
    test = (fieldsCol == null ? test.select("label", "features") : test.select("label", "features", fieldsCol))
        .cache();
    final TestRows rows = collect(test, fieldsCol != null);
    final double constant = constantLogLoss(train, rows.labels());
    for (String model : models) {
      if (model.equals("ffm") || model.equals("deepfm")) {
        if (fieldsCol == null) {
          continue; // field-aware models need fields: libsvm has none
        }
      }
      for (String optimizer : optimizersOf(model)) {
        if (optimizers != null && !optimizers.contains(optimizer)) {
          continue;
        }
        runOne(set, model, optimizer, train, rows, constant, table, out);
      }
    }
    train.unpersist();
    test.unpersist();
    trainRead.unpersist();
    testRead.unpersist();
  }

  private void runOne(DataSet set, String model, String optimizer, Dataset<Row> train, TestRows rows,
      double constant, ResultTable table, Path out) {
    Estimator<?> defaults = estimator(set, model, optimizer);
    List<EpochRecord> history = new ArrayList<>();
    ((CtrEstimator) defaults).reportEpochs((phase, record, m) -> history.add(record));
    long start = System.nanoTime();
    Model<?> fitted = (Model<?>) defaults.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    Scores scores = score(fitted, rows);
    int best = 0;
    for (EpochRecord r : history) {
      best = r.best() ? r.epoch() : best;
    }
    String stepParam = stepParam(model, optimizer);
    double defaultStep = effectiveStep(defaults, model, optimizer, stepParam);
    double gridAuc = Double.NaN;
    double gridLogLoss = Double.NaN;
    double gridStep = Double.NaN;
    int gridEpoch = 0;
    if (!noGrid) {
      for (double multiple : gridSteps) {
        double step = defaultStep * multiple;
        Estimator<?> e = estimator(set, model, optimizer);
        e.set(e.getParam(stepParam), step);
        e.set(e.getParam("validationFraction"), 0.0);
        e.set(e.getParam("tol"), 0.0);
        e.set(e.getParam("maxIter"), gridEpochs);
        List<Scores> byEpoch = new ArrayList<>();
        ((CtrEstimator) e).reportEpochs((phase, record, m) -> byEpoch.add(score(m.get(), rows)));
        e.fit(train);
        for (int epoch = 1; epoch <= byEpoch.size(); epoch++) {
          Scores s = byEpoch.get(epoch - 1);
          grid.add(set.name(), model, optimizer, stepParam, step, epoch, s.auc(), s.logLoss());
          if (!Double.isNaN(s.auc()) && (Double.isNaN(gridAuc) || s.auc() > gridAuc)) {
            gridAuc = s.auc();
            gridLogLoss = s.logLoss();
            gridStep = step;
            gridEpoch = epoch;
          }
        }
      }
    }
    double gap = gridAuc - scores.auc();
    boolean pass = (noGrid || gap <= 0.005) && scores.logLoss() < constant;
    table.add(set.name(), model, optimizer, scores.auc(), scores.logLoss(), history.size(), best, seconds, gridAuc,
        gridLogLoss, String.format(Locale.ROOT, "%s=%.4g", stepParam, gridStep), gridEpoch, gap, constant,
        pass ? "yes" : "NO");
    System.out.printf(Locale.ROOT, "%-13s %-6s %-15s default AUC %.4f logloss %.4f (%d epochs, best %d, %.1f s)"
        + "  grid AUC %.4f (%s %.4g, %d epochs)  gap %+.4f  constant logloss %.4f  %s%n", set.name(), model,
        optimizer, scores.auc(), scores.logLoss(), history.size(), best, seconds, gridAuc, stepParam, gridStep,
        gridEpoch, gap, constant, pass ? "pass" : "FAIL");
    System.out.flush();
    // Keep what is done so far on disk: a long run that is stopped still leaves its rows.
    table.write(out, "bench-defaults-partial", "");
  }

  /** The estimator a user gets for {@code model} and {@code optimizer} (plus any --param candidates). */
  private Estimator<?> estimator(DataSet set, String model, String optimizer) {
    Estimator<?> e = Jobs.estimatorFor(model);
    Jobs.applyFormatDefaults(set.format(), e);
    e.set(e.getParam("optimizer"), optimizer);
    for (String p : params) {
      int eq = p.indexOf('=');
      String name = p.substring(0, eq).trim();
      if (e.hasParam(name)) {
        org.apache.spark.ml.param.Param<Object> param = e.getParam(name);
        String raw = p.substring(eq + 1).trim();
        e.set(param, param instanceof org.apache.spark.ml.param.DoubleParam ? (Object) Double.parseDouble(raw)
            : param.jsonDecode(jsonValue(raw)));
      }
    }
    return e;
  }

  private static String jsonValue(String raw) {
    try {
      Double.parseDouble(raw);
      return raw;
    } catch (NumberFormatException e) {
      return raw.equals("true") || raw.equals("false") ? raw : "\"" + raw + "\"";
    }
  }

  /** The step the estimator trains with: its Param, or (0) the optimizer's default. */
  private static double effectiveStep(Estimator<?> e, String model, String optimizer, String stepParam) {
    double value = (Double) e.getOrDefault(e.getParam(stepParam));
    if (value > 0) {
      return value;
    }
    return model.equals("deepfm") ? io.sparkctr.optim.dense.MiniBatchOptimizerRegistry.OPTIMIZERS.get(optimizer).defaultStepSize()
        : io.sparkctr.optim.OptimizerDefaults.stepSize(model, optimizer);
  }

  private static String[] optimizersOf(String model) {
    return model.equals("deepfm") ? io.sparkctr.optim.dense.MiniBatchOptimizerRegistry.OPTIMIZERS.names()
        : CtrParams.SUPPORTED_OPTIMIZERS;
  }

  /** The Param that sets an optimizer's step size (for RDA its inverse, gamma). */
  static String stepParam(String model, String optimizer) {
    if (model.equals("deepfm")) {
      return "stepSize";
    }
    switch (optimizer) {
      case "ftrl":
      case "sparseGroupFtrl":
        return "alpha";
      case "rda":
        return "gamma";
      default:
        return "stepSize";
    }
  }

  private static TestRows collect(Dataset<Row> test, boolean withFields) {
    List<Row> collected = test.collectAsList();
    int n = collected.size();
    int[][] indices = new int[n][];
    double[][] values = new double[n][];
    int[][] fields = withFields ? new int[n][] : null;
    double[] labels = new double[n];
    for (int r = 0; r < n; r++) {
      Row row = collected.get(r);
      labels[r] = row.getDouble(0);
      SparseVector v = ((Vector) row.get(1)).toSparse();
      indices[r] = v.indices();
      values[r] = v.values();
      if (withFields) {
        scala.collection.Seq<Object> f = row.getSeq(2);
        fields[r] = new int[f.size()];
        for (int p = 0; p < fields[r].length; p++) {
          fields[r][p] = (Integer) f.apply(p);
        }
      }
    }
    return new TestRows(indices, values, fields, labels);
  }

  /** Test AUC and log loss of a model, scored on the driver with its engine-side model. */
  private static Scores score(Model<?> model, TestRows rows) {
    int n = rows.labels().length;
    double[] margins = new double[n];
    if (model instanceof FtrlLogisticRegressionModel lr) {
      for (int r = 0; r < n; r++) {
        margins[r] = lr.linearModel().margin(rows.indices()[r], rows.values()[r], 0, rows.indices()[r].length);
      }
    } else if (model instanceof FactorizationMachineClassificationModel fm) {
      MappedRow scratch = new MappedRow();
      for (int r = 0; r < n; r++) {
        margins[r] = fm.factorizationModel().margin(scratch, rows.indices()[r], rows.values()[r],
            rows.fields() == null ? null : rows.fields()[r], 0, rows.indices()[r].length);
      }
    } else {
      DeepFmModel.Scorer scorer = ((DeepFmClassificationModel) model).deepFmModel().scorer();
      for (int r = 0; r < n; r++) {
        margins[r] = scorer.margin(rows.indices()[r], rows.values()[r], rows.fields()[r], 0, rows.indices()[r].length);
      }
    }
    double[] p = new double[n];
    for (int r = 0; r < n; r++) {
      if (Double.isNaN(margins[r])) {
        return new Scores(Double.NaN, Double.NaN); // a diverged model
      }
      p[r] = Numerics.sigmoid(margins[r]);
    }
    return new Scores(Auc.of(margins, rows.labels(), n), LogLoss.of(p, rows.labels(), n));
  }

  /** Test log loss of predicting the training base rate for every row. */
  private static double constantLogLoss(Dataset<Row> train, double[] testLabels) {
    double rate = train.agg(org.apache.spark.sql.functions.avg("label")).first().getDouble(0);
    double[] p = new double[testLabels.length];
    java.util.Arrays.fill(p, rate);
    return LogLoss.of(p, testLabels, testLabels.length);
  }

  /** A data set by name: the samples are split by row order into files; synthetic sets are generated once. */
  private DataSet dataSet(SparkSession spark, String name, Path out) throws Exception {
    Path dir = out.resolve("data").resolve(name);
    switch (name) {
      case "criteo":
        return rowOrderSplit(Paths.get(datasets, "criteo_kaggle_head10000/train.txt"), false, dir, InputFormat.CRITEO,
            "the Criteo sample, first 8,000 rows / last 2,000 (21.8% positive)");
      case "avazu":
        return rowOrderSplit(Paths.get(datasets, "avazu_head8999/train.csv"), true, dir, InputFormat.AVAZU,
            "the Avazu sample, first 7,199 rows / last 1,800 (20.1% positive)");
      case "xlearn":
        return new DataSet(name, Paths.get(datasets, "criteo_xlearn_ffm_demo/small_train.txt"),
            Paths.get(datasets, "criteo_xlearn_ffm_demo/small_test.txt"), InputFormat.LIBFFM,
            "xLearn's Criteo FFM demo, libffm, 200 / 200 rows");
      case "synth-lr":
        return synth(dir, name, InputFormat.CRITEO, "train.tsv", "test.tsv", syntheticRows, "lr", "0.22",
            "synthetic Criteo TSV, planted LR, label rate 0.22");
      case "synth-fm-rare":
        return synth(dir, name, InputFormat.CRITEO, "train.tsv", "test.tsv", syntheticRows, "fm", "0.03",
            "synthetic Criteo TSV, planted FM, label rate 0.03");
      case "synth-libsvm":
        return synth(dir, name, InputFormat.LIBSVM, "train.libsvm", "test.libsvm", syntheticRows, "lr", "0.22",
            "synthetic Criteo rows hashed into 2^20 as LibSVM (no fields), planted LR, label rate 0.22");
      case "useritem":
        return synth(dir, name, InputFormat.LIBFFM, "train.libffm", "test.libffm", 80_000, "useritem", "0.55",
            "synthetic MovieLens-like user-item log, libffm, 8 fields, 80,000 / 20,000 rows, time-ordered");
      default:
        throw new IllegalArgumentException("--sets MUST name criteo, avazu, xlearn, synth-lr, synth-fm-rare,"
            + " synth-libsvm or useritem, but got '" + name + "'");
    }
  }

  private static DataSet rowOrderSplit(Path file, boolean header, Path dir, InputFormat format, String description)
      throws java.io.IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Sample file MUST exist, but " + file.toAbsolutePath() + " does not"
          + " (pass --datasets DIR, the folder described in shared/datasets/README.md)");
    }
    Files.createDirectories(dir);
    List<String> lines = Files.readAllLines(file);
    List<String> head = header ? List.of(lines.get(0)) : List.of();
    List<String> data = header ? lines.subList(1, lines.size()) : lines;
    int cut = (4 * data.size() + 4) / 5;
    Path train = dir.resolve("train");
    Path test = dir.resolve("test");
    List<String> trainLines = new ArrayList<>(head);
    trainLines.addAll(data.subList(0, cut));
    List<String> testLines = new ArrayList<>(head);
    testLines.addAll(data.subList(cut, data.size()));
    Files.write(train, trainLines);
    Files.write(test, testLines);
    return new DataSet(dir.getFileName().toString(), train, test, format, description);
  }

  private static DataSet synth(Path dir, String name, InputFormat format, String trainFile, String testFile,
      long rows, String planted, String labelRate, String description) {
    if (!Files.isRegularFile(dir.resolve(trainFile))) {
      int code = io.sparkctr.cli.SparkCtr.execute("synth", "--rows", String.valueOf(rows), "--test-rows",
          String.valueOf(rows / 4), "--planted", planted, "--label-rate", labelRate, "--format",
          format.cliName(), "--partitions", "1", "--output", dir.toString());
      if (code != 0) {
        throw new IllegalStateException("synth failed for " + name);
      }
    }
    return new DataSet(name, dir.resolve(trainFile), dir.resolve(testFile), format,
        description + String.format(Locale.ROOT, ", %,d / %,d rows", rows, rows / 4));
  }
}
