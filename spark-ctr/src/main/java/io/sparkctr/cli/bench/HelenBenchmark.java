package io.sparkctr.cli.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkctr.cli.Jobs;
import io.sparkctr.cli.SharpnessDeciles;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.DeepFmClassificationModel;
import io.sparkctr.ml.classification.DeepFmClassifier;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.ml.io.SyntheticRows;
import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.synth.SyntheticCriteo;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Helen against Adam and SAM on DeepFM, with FM as a baseline: test AUC and log loss over several
 * seeds (mean and sample standard deviation), and the paired difference Helen − Adam per seed (mean and
 * its standard error), on the Criteo and Avazu samples (raw files through the featurizer, row-order
 * 80/20) and on synthetic rows with a planted FM. Also DeepFM's training throughput (rows per second
 * per core) and the GFLOP/s its dense layers achieve, next to the dgemm peak measured here on one core.
 */
@Command(name = "bench-helen", mixinStandardHelpOptions = true,
    description = "DeepFM with Adam, SAM and Helen (paper and official-code modes) vs FM, over seeds.")
public final class HelenBenchmark implements Callable<Integer> {
  static final String[] HEADER = {"dataset", "learner", "seeds", "auc_mean", "auc_std", "logloss_mean",
      "logloss_std", "helen_minus_adam_auc_mean", "helen_minus_adam_auc_se", "rows_per_sec_per_core", "dense_gflops"};

  @Option(names = "--seeds", defaultValue = "5", description = "Seeds per learner. Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--synthetic-rows", defaultValue = "1000000",
      description = "Synthetic training rows (0: skip). Default: ${DEFAULT-VALUE}.")
  long syntheticRows;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs of every learner. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "4096",
      description = "DeepFM mini-batch rows (the samples have 6-8 thousand training rows: use a few hundred)."
          + " Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--datasets", defaultValue = "../shared/datasets", description = "Folder of the samples.")
  String datasets;

  @Option(names = "--no-samples", description = "Skip the real samples.")
  boolean noSamples;

  @Option(names = "--hidden", split = ",", defaultValue = "400,400,400",
      description = "DeepFM hidden layers. Default: ${DEFAULT-VALUE}.")
  int[] hidden;

  @Option(names = "--partition-rows", defaultValue = "200000",
      description = "Synthetic training rows of the partition check: DeepFM Adam on 1, 2 and 8 partitions over the"
          + " seeds, test AUC against one partition's (0: skip). Default: ${DEFAULT-VALUE}.")
  long partitionRows;

  @Option(names = "--syncs-per-epoch", defaultValue = "8",
      description = "DeepFM's syncsPerEpoch (merges per epoch). Default: ${DEFAULT-VALUE}.")
  int syncsPerEpoch;

  @Option(names = "--partition-check-only",
      description = "Run only the partition check on the synthetic rows (no learner table, no sharpness plot).")
  boolean partitionCheckOnly;

  @Option(names = "--sharpness-rows", defaultValue = "2048",
      description = "Training rows the synthetic set's sharpness plot (Adam, Helen) is measured on. Default: ${DEFAULT-VALUE}.")
  int sharpnessRows;

  @Option(names = "--extra-helen-rhos", split = ",",
      description = "More radii for both Helen modes, each reported as its own rows with its paired difference"
          + " against Adam (a sensitivity check; the main rows use rho 0.05). Default: none.")
  double[] extraHelenRhos = new double[0];

  @Option(names = "--output", defaultValue = "target/bench-helen", description = "Output folder.")
  String output;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new HelenBenchmark()).execute(args);
  }

  /** One learner's runs over the seeds. */
  private record Runs(double[] auc, double[] logLoss, double rowsPerSecPerCore, double gflops, Model<?> first) {}

  @Override
  public Integer call() throws java.io.IOException {
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-helen");
    spark.sparkContext().setLogLevel("WARN");
    final int cores = spark.sparkContext().defaultParallelism();
    final double peak = gemmPeakGflops();
    final double kernelGflops = kernelGflops(hidden);
    final ResultTable table = new ResultTable(HEADER);
    final long start = System.nanoTime();
    Map<String, Dataset<Row>[]> data = new LinkedHashMap<>();
    String synthetic = "synthetic " + syntheticRows;
    if (!noSamples && !partitionCheckOnly) {
      for (SampleBenchmark.Sample sample : SampleBenchmark.SAMPLES) {
        data.put(sample.name(), sampleSplit(spark, sample));
      }
    }
    if (syntheticRows > 0) {
      SyntheticCriteo generator = new SyntheticCriteo(42L, SyntheticCriteo.PlantedModel.FM);
      Dataset<Row> rawTrain = SyntheticRows.criteoFrame(spark, generator, 0, syntheticRows, cores);
      Dataset<Row> rawTest = SyntheticRows.criteoFrame(spark, generator, syntheticRows,
          syntheticRows + Math.max(10_000, syntheticRows / 10), cores);
      CtrFeaturizerModel features = Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES)
          .setEncoding("vocab").setMinCount(10).fit(rawTrain);
      @SuppressWarnings("unchecked")
      Dataset<Row>[] split = new Dataset[] {cache(features.transform(rawTrain)), cache(features.transform(rawTest))};
      data.put(synthetic, split);
    }
    for (Map.Entry<String, Dataset<Row>[]> d : partitionCheckOnly ? Map.<String, Dataset<Row>[]>of().entrySet()
        : data.entrySet()) {
      Dataset<Row> train = d.getValue()[0];
      Dataset<Row> test = d.getValue()[1];
      long n = train.count();
      Map<String, Runs> runs = new LinkedHashMap<>();
      runs.put("FM (ftrl)", runs(train, test, n, cores, seed -> new FactorizationMachineClassifier().setFactorSize(16)
          .setMaxIter(epochs).setValidationFraction(0.0).setTol(0.0).setSeed(seed), 0));
      for (String learner : List.of("adam", "sam", "helen", "helen-official")) {
        runs.put("DeepFM " + learner, runs(train, test, n, cores, seed -> deepFm(learner, seed), learner.equals("adam") ? 1 : 2));
      }
      for (double rho : extraHelenRhos) {
        for (String learner : List.of("helen", "helen-official")) {
          runs.put(String.format(Locale.ROOT, "DeepFM %s rho %s", learner, rho),
              runs(train, test, n, cores, seed -> deepFm(learner, seed).setRho(rho), 2));
        }
      }
      Runs adam = runs.get("DeepFM adam");
      if (d.getKey().equals(synthetic)) {
        sharpness(train, runs);
      }
      for (Map.Entry<String, Runs> r : runs.entrySet()) {
        Runs x = r.getValue();
        String[] diff = r.getKey().startsWith("DeepFM helen") ? pairedDifference(x.auc(), adam.auc())
            : new String[] {"", ""};
        table.add(d.getKey(), r.getKey(), seeds, mean(x.auc()), std(x.auc()), mean(x.logLoss()), std(x.logLoss()),
            diff[0], diff[1], Math.round(x.rowsPerSecPerCore()), Double.isNaN(x.gflops()) ? "" : x.gflops());
      }
    }
    if (syntheticRows > 0 && partitionRows > 0) {
      partitionCheck(data.get(synthetic)[0], data.get(synthetic)[1]);
    }
    String preamble = String.format(Locale.ROOT,
        "# bench-helen (%s)%n%nMachine: %d cores; master %s; %.0f s. dgemm peak on one core, measured here: %.2f"
            + " GFLOP/s; DeepFM's forward and backward pass on one core, one batch of %d rows: %.2f GFLOP/s"
            + " of dense-layer work (%.0f%% of that peak).%nDeepFM: k 16, hidden %s, batch %d, Adam 1e-3, embeddings N(0, 1e-4), embedding L2 1e-5,"
            + " syncsPerEpoch %d; SAM and Helen rho 0.05 around Adam, Helen zeta 0.3, netPerturbation on (paper mode)"
            + " and off (official-code mode, as its shipped config); FM: FTRL,"
            + " k 16. %d epochs; seeds 1..%d. Std: sample standard deviation over seeds; helen_minus_adam: the paired"
            + " difference of test AUC per seed, its mean and standard error. dense_gflops: the dense layers' FLOPs"
            + " (forward and backward, per gradient evaluation) over the whole fit's seconds per core, Spark and"
            + " data handling included (a lower bound; the kernel figure above is the dense layers' own rate).%n",
        LocalDate.now(), cores, master, (System.nanoTime() - start) / 1e9, peak, KERNEL_BATCH, kernelGflops,
        100 * kernelGflops / peak, java.util.Arrays.toString(hidden), batchSize, syncsPerEpoch, epochs, seeds);
    if (!partitionCheckOnly) {
      table.write(Paths.get(output), "bench-helen", preamble);
      System.out.println(preamble);
      System.out.println(table.markdown());
    }
    return 0;
  }

  private DeepFmClassifier deepFm(String learner, long seed) {
    DeepFmClassifier e = new DeepFmClassifier().setEmbeddingDim(16).setHiddenLayers(hidden).setMaxIter(epochs)
        .setValidationFraction(0.0).setTol(0.0)
        .setSeed(seed).setBatchSize(batchSize).setSyncsPerEpoch(syncsPerEpoch)
        .setOptimizer(learner.startsWith("helen") ? "helen" : learner);
    // The official code's shipped config (conf/optim/Helen.yaml) runs with net_pert = False.
    return learner.equals("helen-official") ? e.setHelenMode("officialCode").setNetPerturbation(false) : e;
  }

  /** Fits one learner per seed; the throughput figures are from the first seed. */
  private Runs runs(Dataset<Row> train, Dataset<Row> test, long n, int cores,
      java.util.function.LongFunction<org.apache.spark.ml.Estimator<?>> estimator, int evaluationsPerStep) {
    double[] auc = new double[seeds];
    double[] logLoss = new double[seeds];
    double rowsPerSec = 0;
    double gflops = Double.NaN;
    Model<?> first = null;
    for (int s = 0; s < seeds; s++) {
      org.apache.spark.ml.Estimator<?> e = estimator.apply(s + 1);
      long start = System.nanoTime();
      Model<?> model = (Model<?>) e.fit(train);
      double seconds = (System.nanoTime() - start) / 1e9;
      Dataset<Row> scored = model.transform(test).cache();
      auc[s] = Jobs.auc(scored);
      logLoss[s] = Jobs.logLoss(scored);
      scored.unpersist();
      System.out.printf(Locale.ROOT, "  %s seed %d: test AUC %.5f, log loss %.5f, %.1f s%n",
          e.getClass().getSimpleName(), s + 1, auc[s], logLoss[s], seconds);
      if (s == 0) {
        first = model;
        rowsPerSec = n * (double) epochs / seconds / cores;
        if (model instanceof DeepFmClassificationModel) {
          DeepFmLayout layout = ((DeepFmClassificationModel) model).deepFmModel().layout();
          double flops = (double) layout.trainingFlops(1) * n * epochs * evaluationsPerStep;
          gflops = flops / seconds / cores / 1e9;
        }
      }
    }
    return new Runs(auc, logLoss, rowsPerSec, gflops, first);
  }

  /** The sharpness plot of the first seed's Adam and Helen models, on the first training rows. */
  private void sharpness(Dataset<Row> train, Map<String, Runs> runs) throws java.io.IOException {
    Dataset<Row> sample = train.limit(sharpnessRows);
    try (SharpnessDeciles report = new SharpnessDeciles(Paths.get(output, "sharpness"), 10, 20)) {
      for (String learner : List.of("adam", "helen", "helen-official")) {
        report.measure("DeepFM " + learner, (DeepFmClassificationModel) runs.get("DeepFM " + learner).first(), sample);
      }
    }
  }

  /**
   * DeepFM Adam on the first {@code partitionRows} synthetic rows, split into 1, 2 and 8 partitions (merged
   * every syncsPerEpoch rounds), over the seeds: test AUC, and the paired difference against one partition.
   */
  private void partitionCheck(Dataset<Row> train, Dataset<Row> test) {
    Dataset<Row> rows = cache(train.limit((int) Math.min(Integer.MAX_VALUE, partitionRows)));
    long n = rows.count();
    ResultTable table = new ResultTable("rows", "partitions", "seeds", "auc_mean", "auc_std",
        "minus_one_partition_auc_mean", "minus_one_partition_auc_se");
    double[] one = null;
    for (int partitions : new int[] {1, 2, 8}) {
      Dataset<Row> split = rows.repartition(partitions);
      Runs r = runs(split, test, n, 1, seed -> deepFm("adam", seed), 1);
      if (one == null) {
        one = r.auc();
      }
      String[] diff = partitions == 1 ? new String[] {"", ""} : pairedDifference(r.auc(), one);
      table.add(n, partitions, seeds, mean(r.auc()), std(r.auc()), diff[0], diff[1]);
    }
    String preamble = String.format(Locale.ROOT, "# bench-helen: partitions (%s)%n%nDeepFM Adam, hidden %s, batch %d,"
        + " %d epochs, syncsPerEpoch %d, on the first %d synthetic training rows; test set as the main table's.%n",
        LocalDate.now(), java.util.Arrays.toString(hidden), batchSize, epochs, syncsPerEpoch, n);
    table.write(Paths.get(output), "bench-helen-partitions", preamble);
    System.out.println(preamble);
    System.out.println(table.markdown());
    rows.unpersist();
  }

  /**
   * Untimed runs before the timed ones, and timed runs (the best counts): Spark's VectorBLAS and the
   * kernel are JIT-compiled Java, slow until warm (two warm-up runs under-reported both).
   */
  static final int WARM_UP_RUNS = 10;
  static final int TIMED_RUNS = 5;

  /** Rows of the batch the kernel's rate is measured on. */
  static final int KERNEL_BATCH = 4096;

  /**
   * The dense layers' FLOPs per second of one DeepFM forward and backward pass on one core (the whole
   * pass timed, embeddings and FM included): 39 one-hot fields, k 16, a batch of {@link #KERNEL_BATCH}.
   */
  static double kernelGflops(int[] hidden) {
    final int fields = 39;
    final int features = 100_000;
    io.sparkctr.models.deepfm.DeepFmLayout layout =
        new io.sparkctr.models.deepfm.DeepFmLayout(features, fields, 16, hidden, true);
    io.sparkctr.models.deepfm.DeepFmKernel kernel =
        new io.sparkctr.models.deepfm.DeepFmKernel(layout, KERNEL_BATCH, 1e-5, 0.0);
    java.util.SplittableRandom random = new java.util.SplittableRandom(3L);
    int[] rowStart = new int[KERNEL_BATCH + 1];
    int[] indices = new int[KERNEL_BATCH * fields];
    double[] values = new double[indices.length];
    int[] fieldOf = new int[indices.length];
    double[] labels = new double[KERNEL_BATCH];
    int[] rows = new int[KERNEL_BATCH];
    for (int r = 0; r < KERNEL_BATCH; r++) {
      rowStart[r + 1] = (r + 1) * fields;
      for (int f = 0; f < fields; f++) {
        indices[r * fields + f] = f * (features / fields) + random.nextInt(features / fields);
        values[r * fields + f] = 1.0;
        fieldOf[r * fields + f] = f;
      }
      labels[r] = random.nextInt(2);
      rows[r] = r;
    }
    double[] sparse = layout.randomSparse(1e-4, 1L);
    double[] dense = layout.randomDense(1L);
    double[] denseGradient = new double[dense.length];
    io.sparkctr.models.deepfm.DeepFmSparseGradient gradient =
        new io.sparkctr.models.deepfm.DeepFmSparseGradient(layout, KERNEL_BATCH * fields);
    double best = Double.MAX_VALUE;
    for (int run = 0; run < WARM_UP_RUNS + TIMED_RUNS; run++) {
      long start = System.nanoTime();
      kernel.lossAndGradient(sparse, dense, rowStart, indices, values, fieldOf, labels, null, rows, 0, KERNEL_BATCH,
          0L, denseGradient, gradient);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (run >= WARM_UP_RUNS) {
        best = Math.min(best, seconds);
      }
    }
    return layout.trainingFlops(KERNEL_BATCH) / best / 1e9;
  }

  /** dgemm GFLOP/s on one core: 1024 x 1024 matrices, the best of {@link #TIMED_RUNS} after the warm-up. */
  static double gemmPeakGflops() {
    final int n = 1024;
    double[] a = new double[n * n];
    double[] b = new double[n * n];
    double[] c = new double[n * n];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1L);
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextDouble();
      b[i] = random.nextDouble();
    }
    BLAS blas = BLAS.getInstance();
    double best = 0;
    for (int run = 0; run < WARM_UP_RUNS + TIMED_RUNS; run++) {
      long start = System.nanoTime();
      blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (run >= WARM_UP_RUNS) {
        best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
      }
    }
    return best;
  }

  private Dataset<Row>[] sampleSplit(SparkSession spark, SampleBenchmark.Sample sample) {
    SampleBenchmark.RowOrderSplit split = SampleBenchmark.rowOrderSplit(spark, datasets, sample, 0);
    @SuppressWarnings("unchecked")
    Dataset<Row>[] out = new Dataset[] {split.train(), split.test()};
    return out;
  }

  private static Dataset<Row> cache(Dataset<Row> featurized) {
    Dataset<Row> out = featurized.select("label", "features", "fields").persist(StorageLevel.MEMORY_AND_DISK_SER());
    out.count();
    return out;
  }

  /** The per-seed difference x - base: its mean and standard error, formatted for the tables. */
  private static String[] pairedDifference(double[] x, double[] base) {
    double[] diff = new double[x.length];
    for (int s = 0; s < x.length; s++) {
      diff[s] = x[s] - base[s];
    }
    return new String[] {String.format(Locale.ROOT, "%.5f", mean(diff)),
        String.format(Locale.ROOT, "%.5f", std(diff) / Math.sqrt(x.length))};
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double std(double[] x) {
    if (x.length < 2) {
      return 0.0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }
}
