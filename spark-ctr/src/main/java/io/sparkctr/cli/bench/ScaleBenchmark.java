package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.classification.CtrClassifierModel;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.ml.io.SyntheticRows;
import io.sparkctr.synth.SyntheticCriteo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.FMClassificationModel;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * spark-ctr against MLlib where the work is large enough to matter: FTRL logistic regression vs MLlib's
 * LogisticRegression (L2 and L1), and FM vs FMClassifier, on synthetic Criteo rows at each
 * {@code --rows} (hashed into 2^numBits) and on the real samples (vocab features, row-order 80/20).
 * All fits run in this one Spark session on cached rows.
 *
 * <p>Per learner: fit seconds; test AUC and log loss; nonzero weights; for spark-ctr, the test AUC
 * after every epoch (scored outside the training clock) and so the training seconds until it first
 * reaches the best MLlib AUC of its family (LR or FM), the bytes of state increments aggregated per
 * epoch, and the epoch throughput in rows per second per core; and the JVM's peak heap during the fit
 * (in local mode the driver and the executors share the JVM, so this bounds the driver's).
 */
@Command(name = "bench-scale", mixinStandardHelpOptions = true,
    description = "spark-ctr FTRL-LR and FM vs MLlib LogisticRegression and FMClassifier at 1M-10M rows.")
public final class ScaleBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "train_rows", "learner", "params", "fit_seconds", "target_auc",
      "seconds_to_target", "speedup_vs_mllib", "test_auc", "test_logloss", "nonzeros", "aggregated_mb_per_epoch",
      "peak_heap_mb", "epoch_rows_per_sec_per_core"};

  @Option(names = "--rows", split = ",", defaultValue = "1000000",
      description = "Synthetic training sizes, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Long> rows;

  @Option(names = "--test-rows", defaultValue = "100000", description = "Synthetic test rows. Default: ${DEFAULT-VALUE}.")
  long testRows;

  @Option(names = "--num-bits", defaultValue = "20", description = "Hash space 2^bits. Default: ${DEFAULT-VALUE}.")
  int numBits;

  @Option(names = "--epochs", defaultValue = "3", description = "spark-ctr epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--mllib-max-iter", defaultValue = "100", description = "MLlib maxIter. Default: ${DEFAULT-VALUE}.")
  int mllibMaxIter;

  @Option(names = "--factor-size", defaultValue = "4", description = "k of both FMs. Default: ${DEFAULT-VALUE}.")
  int factorSize;

  @Option(names = "--no-fm", description = "Skip the FM pair (MLlib's FMClassifier is slow at scale).")
  boolean noFm;

  @Option(names = "--no-samples", description = "Skip the real samples.")
  boolean noSamples;

  @Option(names = "--datasets", defaultValue = "../shared/datasets", description = "Folder of the samples.")
  String datasets;

  @Option(names = "--output", defaultValue = "target/bench-scale", description = "Output folder.")
  String output;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new ScaleBenchmark()).execute(args);
  }

  /** One fit's measurements. */
  private record Fit(String learner, String params, double fitSeconds, double setupSeconds, double[] epochSeconds,
      double[] epochAuc,
      double testAuc, double testLogLoss, long nonzeros, double aggregatedMbPerEpoch, double peakHeapMb) {}

  @Override
  public Integer call() throws Exception {
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-scale");
    spark.sparkContext().setLogLevel("WARN");
    final int cores = spark.sparkContext().defaultParallelism();
    final ResultTable table = new ResultTable(HEADER);
    final long start = System.nanoTime();
    for (long n : rows) {
      SyntheticCriteo generator = new SyntheticCriteo(42L, SyntheticCriteo.PlantedModel.FM);
      int partitions = Math.max(cores, (int) (n / 1_000_000L) * cores);
      Dataset<Row> rawTrain = SyntheticRows.criteoFrame(spark, generator, 0, n, partitions);
      Dataset<Row> rawTest = SyntheticRows.criteoFrame(spark, generator, n, n + testRows, cores);
      CtrFeaturizerModel features = Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES)
          .setEncoding("hash").setNumBits(numBits).fit(rawTrain);
      measure(spark, table, "synthetic " + n, features.transform(rawTrain), features.transform(rawTest), cores);
    }
    if (!noSamples) {
      for (SampleBenchmark.Sample sample : SampleBenchmark.SAMPLES) {
        SampleBenchmark.RowOrderSplit split = SampleBenchmark.rowOrderSplit(spark, datasets, sample, 0);
        measure(spark, table, sample.name(), split.train(), split.test(), cores);
        split.unpersist();
      }
    }
    String preamble = String.format(Locale.ROOT,
        "# bench-scale (%s)%n%nMachine: %d cores (default parallelism); master %s; JVM max heap %d MB; %.0f s.%n"
            + "Synthetic: SyntheticCriteo(seed 42, planted FM), hashed into 2^%d, %d test rows; samples: vocab"
            + " features, row-order 80/20. spark-ctr: %d epochs, syncsPerEpoch 8, FTRL alpha 0.05, beta 1, l1 1,"
            + " l2 1 (LR) / alpha 0.05, l1 = l2 = 0 (FM, k %d, initStd 0.01). MLlib: maxIter %d; LogisticRegression"
            + " L2 regParam 1e-4 and L1 (elasticNetParam 1) regParam 1e-5, standardization off; FMClassifier adamW"
            + " stepSize 0.01, regParam 0.01, k %d, initStd 0.01.%n"
            + "target_auc: the best MLlib test AUC of the same family; seconds_to_target: training seconds (test"
            + " scoring excluded) until spark-ctr's test AUC after an epoch first reaches it ('never' if no epoch"
            + " does), counting the CSR build before the first epoch; speedup: MLlib's fit seconds over it."
            + " peak_heap_mb: the sum of the JVM's heap pools' peaks during the fit, an upper bound of the heap peak"
            + " (local mode: driver and executors together).%n",
        LocalDate.now(), spark.sparkContext().defaultParallelism(), master,
        Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - start) / 1e9, numBits, testRows, epochs,
        factorSize, mllibMaxIter, factorSize);
    table.write(Paths.get(output), "bench-scale", preamble);
    System.out.println(preamble);
    System.out.println(table.markdown());
    return 0;
  }

  private void measure(SparkSession spark, ResultTable table, String name, Dataset<Row> trainFeatures,
      Dataset<Row> testFeatures, int cores) {
    Dataset<Row> train = trainFeatures.select("label", "features").persist(StorageLevel.MEMORY_AND_DISK_SER());
    Dataset<Row> test = testFeatures.select("label", "features").persist(StorageLevel.MEMORY_AND_DISK_SER());
    long n = train.count();
    test.count();
    System.out.printf(Locale.ROOT, "%s: %d train rows cached%n", name, n);

    List<Fit> lr = new ArrayList<>();
    lr.add(mllib(train, test, "MLlib LogisticRegression L2", "regParam 1e-4", new LogisticRegression()
        .setRegParam(1e-4).setElasticNetParam(0.0).setStandardization(false).setMaxIter(mllibMaxIter)));
    lr.add(mllib(train, test, "MLlib LogisticRegression L1", "regParam 1e-5", new LogisticRegression()
        .setRegParam(1e-5).setElasticNetParam(1.0).setStandardization(false).setMaxIter(mllibMaxIter)));
    double lrTarget = Math.max(lr.get(0).testAuc(), lr.get(1).testAuc());
    double lrMllibSeconds = lr.get(0).testAuc() >= lr.get(1).testAuc() ? lr.get(0).fitSeconds() : lr.get(1).fitSeconds();
    Fit ftrl = ours(train, test, "spark-ctr FTRL-LR", "alpha 0.05; l1 1; l2 1",
        new FtrlLogisticRegression().setAlpha(0.05).setL1(1.0).setL2(1.0).setMaxIter(epochs).setSeed(42L)
            .setValidationFraction(0.0).setTol(0.0));
    for (Fit f : lr) {
      add(table, name, n, f, lrTarget, Double.NaN, cores);
    }
    add(table, name, n, ftrl, lrTarget, lrMllibSeconds, cores);

    if (!noFm) {
      Fit mllibFm = mllib(train, test, "MLlib FMClassifier", "stepSize 0.01; regParam 0.01", new FMClassifier()
          .setFactorSize(factorSize).setStepSize(0.01).setRegParam(0.01).setInitStd(0.01).setMaxIter(mllibMaxIter)
          .setSeed(42L));
      Fit fm = ours(train, test, "spark-ctr FM", "ftrl alpha 0.05", new FactorizationMachineClassifier()
          .setFactorSize(factorSize).setInitStd(0.01).setAlpha(0.05).setMaxIter(epochs).setSeed(42L)
          .setValidationFraction(0.0).setTol(0.0));
      add(table, name, n, mllibFm, mllibFm.testAuc(), Double.NaN, cores);
      add(table, name, n, fm, mllibFm.testAuc(), mllibFm.fitSeconds(), cores);
    }
    train.unpersist();
    test.unpersist();
  }

  private Fit ours(Dataset<Row> train, Dataset<Row> test, String learner, String params, Estimator<?> estimator) {
    List<Double> seconds = new ArrayList<>();
    List<Double> aucs = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    double[] scoringSeconds = {0.0};
    ((CtrEstimator) estimator).reportEpochs((phase, record, epochModel) -> {
      seconds.add(record.seconds());
      bytes.add(record.aggregatedBytes());
      long scoring = System.nanoTime();
      aucs.add(Jobs.auc(epochModel.get().transform(test)));
      scoringSeconds[0] += (System.nanoTime() - scoring) / 1e9;
      System.out.printf(Locale.ROOT, "  %s epoch %d: %.2f s, test AUC %.5f (scored in %.1f s), %.1f MB aggregated%n",
          learner, record.epoch(), record.seconds(), aucs.get(aucs.size() - 1), (System.nanoTime() - scoring) / 1e9,
          record.aggregatedBytes() / 1e6);
    });
    resetPeakHeap();
    long start = System.nanoTime();
    Model<?> model = (Model<?>) estimator.fit(train);
    // The training clock: the fit's wall time without the per-epoch test scoring.
    double fitSeconds = (System.nanoTime() - start) / 1e9 - scoringSeconds[0];
    double peak = peakHeapMb();
    Dataset<Row> scored = model.transform(test).cache();
    double epochTotal = seconds.stream().mapToDouble(Double::doubleValue).sum();
    Fit fit = new Fit(learner, params, fitSeconds, fitSeconds - epochTotal,
        seconds.stream().mapToDouble(Double::doubleValue).toArray(), aucs.stream().mapToDouble(Double::doubleValue).toArray(),
        Jobs.auc(scored), Jobs.logLoss(scored), ((CtrClassifierModel) model).nonzeroParameters(),
        bytes.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6, peak);
    scored.unpersist();
    System.out.printf(Locale.ROOT, "  %s: fit %.1f s (epochs %.1f s), test AUC %.5f%n", learner, fitSeconds,
        epochTotal, fit.testAuc());
    return fit;
  }

  private static Fit mllib(Dataset<Row> train, Dataset<Row> test, String learner, String params,
      Estimator<?> estimator) {
    resetPeakHeap();
    long start = System.nanoTime();
    Model<?> model = (Model<?>) estimator.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double peak = peakHeapMb();
    Dataset<Row> scored = model.transform(test).cache();
    long nonzeros = model instanceof LogisticRegressionModel
        ? ((LogisticRegressionModel) model).coefficients().numNonzeros()
        : ((FMClassificationModel) model).linear().numNonzeros()
            + ((FMClassificationModel) model).factors().numNonzeros();
    Fit fit = new Fit(learner, params, seconds, 0.0, new double[0], new double[0], Jobs.auc(scored), Jobs.logLoss(scored),
        nonzeros, Double.NaN, peak);
    scored.unpersist();
    System.out.printf(Locale.ROOT, "  %s: fit %.1f s, test AUC %.5f%n", learner, seconds, fit.testAuc());
    return fit;
  }

  private static void add(ResultTable table, String dataset, long n, Fit f, double target, double mllibSeconds,
      int cores) {
    String toTarget = "";
    String speedup = "";
    if (f.epochAuc().length > 0) {
      double elapsed = f.setupSeconds(); // building the cached CSR blocks comes before the first epoch
      toTarget = "never";
      for (int e = 0; e < f.epochAuc().length; e++) {
        elapsed += f.epochSeconds()[e];
        if (f.epochAuc()[e] >= target) {
          toTarget = String.format(Locale.ROOT, "%.2f", elapsed);
          speedup = String.format(Locale.ROOT, "%.1f", mllibSeconds / elapsed);
          break;
        }
      }
    }
    double[] sorted = f.epochSeconds().clone();
    Arrays.sort(sorted);
    String throughput = sorted.length == 0 ? ""
        : String.valueOf(Math.round(n / sorted[sorted.length / 2] / cores));
    table.add(dataset, n, f.learner(), f.params(), f.fitSeconds(), target, toTarget, speedup, f.testAuc(),
        f.testLogLoss(), f.nonzeros(), Double.isNaN(f.aggregatedMbPerEpoch()) ? "" : f.aggregatedMbPerEpoch(),
        f.peakHeapMb(), throughput);
  }

  private static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1048576.0;
  }
}
