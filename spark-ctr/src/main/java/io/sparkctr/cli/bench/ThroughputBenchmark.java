package io.sparkctr.cli.bench;

import io.sparkctr.cli.Jobs;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FieldAwareFMClassifier;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.internal.CsrConversion;
import io.sparkctr.ml.io.SyntheticRows;
import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
import io.sparkctr.models.lr.LinearMargin;
import io.sparkctr.optim.OptimizerSpec;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.LogisticPass;
import io.sparkctr.train.RowPass;
import io.sparkctr.train.RowState;
import io.sparkctr.train.RowTrainer;
import io.sparkctr.train.TrainingConfig;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Estimator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Throughput of one FTRL epoch of logistic regression, FM or FFM ({@code --model}) on rows already in memory, in rows per second per
 * core. The rows are {@link SyntheticCriteo} rows featurized by the standard Criteo
 * {@link CtrFeaturizer} (hash encoding, 39 fields), cached as a DataFrame of {@code numPartitions}
 * partitions.
 *
 * <ul>
 *   <li>kernel: {@link LogisticPass#run} in this thread over the partitions' {@link CsrBlock}s
 *       (collected to the driver), from the zero state, after one warm-up epoch; median and min of the
 *       repeats.
 *   <li>spark, input cached: {@link FtrlLogisticRegression#fit} on the cached DataFrame; every epoch
 *       rebuilds the CSR blocks from the cached rows (fit does not cache a second copy).
 *   <li>spark, CSR cached by fit: the same rows through an uncached projection, so fit caches its CSR
 *       blocks before the first epoch and every epoch reads them.
 * </ul>
 *
 * Spark epochs are timed by the estimator's epoch listener (broadcast, passes, treeAggregate, driver
 * update); rows/s/core divides by min(partitions, cores).
 */
@Command(name = "bench-throughput", mixinStandardHelpOptions = true,
    description = "Rows/s/core of one FTRL epoch: single-threaded kernel and Spark local[*], on cached rows.")
public final class ThroughputBenchmark implements Callable<Integer> {
  static final String REFERENCE = "xLearn LR loop 1.43M rows/s on one core; VW FTRL 305k rows/s from text";
  static final String[] HEADER = {"benchmark", "mode", "rows", "nnz_per_row", "num_features", "partitions",
      "cores_used", "timed_runs", "median_seconds", "min_seconds", "rows_per_sec", "rows_per_sec_per_core",
      "all_seconds", "bytes_per_round", "peak_heap_mb", "executor_peak_heap_mb"};

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows. Default: ${DEFAULT-VALUE}.")
  int rows;

  @Option(names = "--num-bits", defaultValue = "20", description = "Hash space 2^bits. Default: ${DEFAULT-VALUE}.")
  int numBits;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed kernel epochs after one warm-up. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--epochs", defaultValue = "3", description = "maxIter of the Spark fits. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--syncs-per-epoch", defaultValue = "8",
      description = "syncsPerEpoch of the Spark fits (merges per epoch). Default: ${DEFAULT-VALUE}.")
  int syncsPerEpoch;

  @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the cached rows (0 = cores).")
  int partitions;

  @Option(names = "--seed", defaultValue = "42", description = "Synthetic data seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", defaultValue = "target/bench-throughput",
      description = "Folder for bench-throughput.csv and .md. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(names = "--quick", description = "Smoke run: 2,000 rows, 2 repeats.")
  boolean quick;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}.")
  String master;

  @Option(names = "--no-kernel",
      description = "Skip the single-threaded kernel, which collects every row to the driver (for 10M+ rows).")
  boolean noKernel;

  @Option(names = "--model", defaultValue = "lr",
      description = "lr, fm or ffm (FTRL on every parameter). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--factor-size", defaultValue = "4", description = "k of fm and ffm. Default: ${DEFAULT-VALUE}.")
  int factorSize;

  /** The hyperparameters of every timed epoch: l1 and l2 on, so the weight computation is the general one. */
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.05, 1.0, 1.0, 1.0);
  /** Standard deviation of the random factor start (fm, ffm). */
  private static final double INIT_STD = 0.01;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the benchmark and returns the exit code (0 success, 1 failure, 2 usage error); never exits. */
  public static int run(String... args) {
    return new CommandLine(new ThroughputBenchmark()).execute(args);
  }

  @Override
  public Integer call() {
    if (quick) {
      rows = Math.min(rows, 2000);
      repeats = Math.min(repeats, 2);
    }
    if (rows <= 0 || repeats <= 0 || epochs <= 0) {
      throw new IllegalArgumentException("--rows, --repeats and --epochs MUST be > 0, but got "
          + rows + ", " + repeats + " and " + epochs);
    }
    final int cores = Runtime.getRuntime().availableProcessors();
    final SparkSession spark = Jobs.session(master, "spark-ctr bench-throughput");
    spark.sparkContext().setLogLevel("WARN");
    final int numPartitions = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
    final int sparkCores = Math.min(numPartitions, spark.sparkContext().defaultParallelism());
    final int numFeatures = 1 << numBits;

    long start = System.nanoTime();
    Dataset<Row> data = featurizedRows(spark, numPartitions).cache();
    long count = data.count();
    System.out.printf(Locale.ROOT, "Generated and featurized %d rows in %d partitions: %.1f s%n",
        count, numPartitions, (System.nanoTime() - start) / 1e9);

    final ResultTable table = new ResultTable(HEADER);
    final boolean fieldAware = model.equals("ffm");
    final int numFields = fieldAware ? CriteoParser.COLUMN_NAMES.length : 1;
    final MarginFunction margin;
    switch (model) {
      case "lr":
        margin = new LinearMargin(numFeatures, true);
        break;
      case "fm":
      case "ffm":
        FactorLayout layout = new FactorLayout(numFeatures, numFields, factorSize, true, true);
        margin = fieldAware ? new FfmMargin(layout, INIT_STD, seed) : new FmMargin(layout, INIT_STD, seed);
        break;
      default:
        throw new IllegalArgumentException("--model MUST be lr, fm or ffm, but got '" + model + "'");
    }
    final TrainingConfig config = new TrainingConfig(OptimizerSpec.ftrl(HYPER), margin, seed, 1, null, null);

    // (a) the kernel, single-threaded, on the partitions' CSR blocks (collected to the driver)
    final double nnzPerRow;
    if (noKernel) {
      nnzPerRow = CsrConversion.toBlocks(data, "features", "label", "").map(CsrBlock::numNonzeros)
          .reduce(Long::sum) / (double) count;
    } else {
      List<CsrBlock> blocks =
          CsrConversion.toBlocks(data, "features", "label", "", fieldAware ? "fields" : "").collect();
      long nnz = 0;
      for (CsrBlock b : blocks) {
        nnz += b.numNonzeros();
      }
      nnzPerRow = (double) nnz / count;
      for (boolean rows : new boolean[] {true, false}) {
        kernelEpoch(config, blocks, rows); // warm-up: JIT, page faults
        double[] kernelSeconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          kernelSeconds[r] = kernelEpoch(config, blocks, rows);
          System.out.printf(Locale.ROOT, "kernel (%s) epoch %d: %.3f s%n", rows ? "float rows" : "double", r + 1,
              kernelSeconds[r]);
        }
        addRow(table, "kernel " + model, rows
            ? "float rows: RowPass.runInPlace (the fused pass) on 1 thread over " + numPartitions + " blocks"
            : "double engine: LogisticPass.run on 1 thread over " + numPartitions + " blocks", count, nnzPerRow,
            numFeatures, numPartitions, 1, kernelSeconds, "", "");
      }
      blocks = null; // let the driver's copy go before Spark caches its own
    }

    // (b) Spark on the cached rows: fit converts them to CSR blocks once and caches those
    final List<Long> aggregated = new ArrayList<>();
    final HeapPeak heap = new HeapPeak();
    double[] sparkSeconds = sparkEpochs(data, config, aggregated);
    final long peakHeap = heap.stop();
    final long bytesPerRound = Math.round(aggregated.stream().mapToLong(Long::longValue).average().orElse(0)
        / syncsPerEpoch);
    final long executorPeak = executorPeakHeap(spark);
    addRow(table, "spark " + model, estimatorFor().getClass().getSimpleName() + ".fit with syncsPerEpoch "
        + syncsPerEpoch, count, nnzPerRow, numFeatures, numPartitions, sparkCores, sparkSeconds,
        String.valueOf(bytesPerRound), String.format(Locale.ROOT, "%.0f", peakHeap / 1e6),
        executorPeak < 0 ? "" : String.format(Locale.ROOT, "%.0f", executorPeak / 1e6));
    data.unpersist();

    String preamble = String.format(Locale.ROOT,
        "# bench-throughput (%s)%n%nMachine: %d cores (availableProcessors); Spark master %s, default parallelism %d.%n"
            + "Rows: SyntheticCriteo(seed %d, LR) featurized by the Criteo CtrFeaturizer, hash 2^%d; model %s"
            + " (factorSize %d for fm/ffm, initStd %s); FTRL alpha %s, beta %s, l1 %s, l2 %s, intercept on.%n"
            + "Kernel: %d timed epochs after 1 warm-up. Spark: maxIter %d, seconds per epoch from the epoch listener.%s%n"
            + "Reference: %s.%n",
        LocalDate.now(), cores, master, spark.sparkContext().defaultParallelism(), seed, numBits, model,
        factorSize, INIT_STD, HYPER.alpha(), HYPER.beta(), HYPER.l1(), HYPER.l2(), repeats, epochs,
        quick ? " QUICK RUN (" + rows + " rows): not a measurement." : "", REFERENCE);
    table.write(Paths.get(output), "bench-throughput", preamble);
    System.out.println();
    System.out.println(preamble);
    System.out.println(table.markdown());
    System.out.println("Wrote " + Paths.get(output).toAbsolutePath().resolve("bench-throughput.csv"));
    return 0;
  }

  /** Synthetic Criteo rows, generated and parsed in the tasks, then featurized (hash, standard Criteo fields). */
  private Dataset<Row> featurizedRows(SparkSession spark, int numPartitions) {
    final SyntheticCriteo generator = new SyntheticCriteo(seed, SyntheticCriteo.PlantedModel.LR);
    Dataset<Row> rawRows = SyntheticRows.criteoFrame(spark, generator, 0, rows, numPartitions);
    CtrFeaturizer featurizer = Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES).setNumBits(numBits);
    return featurizer.fit(rawRows).transform(rawRows).select("label", "features", "fields");
  }

  /**
   * One single-threaded epoch over all blocks from the start state; seconds. {@code rows}: the float rows
   * stepped in place (the fused pass), else the double engine's pass.
   */
  private static double kernelEpoch(TrainingConfig config, List<CsrBlock> blocks, boolean rows) {
    final io.sparkctr.models.RowKernel kernel = RowTrainer.kernel(config.model());
    final RowState<io.sparkctr.optim.ftrl.FtrlRows> rowState = rows
        ? RowTrainer.start(config, kernel, RowTrainer.<io.sparkctr.optim.ftrl.FtrlRows>optimizer(config)) : null;
    final SparseOnlineOptimizer state = rows ? null : config.initialState();
    long start = System.nanoTime();
    long touched = 0;
    for (int p = 0; p < blocks.size(); p++) {
      touched += rows ? RowPass.runInPlace(kernel, rowState, blocks.get(p), config.seed(), 1).rows()
          : LogisticPass.run(config, state, blocks.get(p), 1, 0, p).delta().size();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (touched < 0) {
      throw new AssertionError("unreachable; keeps the result alive");
    }
    return seconds;
  }

  /** The estimator of --model, not yet configured. */
  private Estimator<?> estimatorFor() {
    switch (model) {
      case "fm":
        return new FactorizationMachineClassifier().setFactorSize(factorSize).setInitStd(INIT_STD);
      case "ffm":
        return new FieldAwareFMClassifier().setFactorSize(factorSize).setInitStd(INIT_STD);
      default:
        return new FtrlLogisticRegression();
    }
  }

  /** The largest heap in use while it runs, polled every 10 ms (local mode: the driver and its executors). */
  private static final class HeapPeak {
    private final java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    private volatile boolean running = true;
    private volatile long peak;
    private final Thread thread = new Thread(() -> {
      while (running) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-peak");

    HeapPeak() {
      thread.setDaemon(true);
      thread.start();
    }

    long stop() {
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return peak;
    }
  }

  private double[] sparkEpochs(Dataset<Row> input, TrainingConfig config, List<Long> aggregatedBytes) {
    List<Double> seconds = new ArrayList<>();
    Estimator<?> estimator = estimatorFor();
    for (Object[] pair : new Object[][] {{"alpha", HYPER.alpha()}, {"beta", HYPER.beta()}, {"l1", HYPER.l1()},
        {"l2", HYPER.l2()}, {"maxIter", epochs}, {"seed", config.seed()}, {"syncsPerEpoch", syncsPerEpoch},
        {"validationFraction", 0.0}, {"tol", 0.0}}) {
      estimator.set(estimator.getParam((String) pair[0]), pair[1]);
    }
    ((CtrEstimator) estimator).reportEpochs((phase, record, model) -> {
      seconds.add(record.seconds());
      aggregatedBytes.add(record.aggregatedBytes());
      System.out.printf(Locale.ROOT, "spark epoch %d: %.3f s, %d rows, train log loss %.4f%n",
          record.epoch(), record.seconds(), record.rows(), record.trainLogLoss());
    });
    long start = System.nanoTime();
    estimator.fit(input);
    System.out.printf(Locale.ROOT, "spark fit (input storage %s): %.2f s in all%n",
        input.storageLevel().description(), (System.nanoTime() - start) / 1e9);
    return seconds.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The largest JVM heap any executor (not the driver) reported to Spark's status store (its peak memory metrics,
   * sent with heartbeats: set {@code spark.executor.heartbeatInterval} and
   * {@code spark.executor.metrics.pollingInterval} short for a short run), or -1 when none did (local mode: the
   * executors are the driver's JVM, whose peak is the polled one).
   */
  private static long executorPeakHeap(SparkSession spark) {
    long peak = -1;
    for (org.apache.spark.status.api.v1.ExecutorSummary e : scala.jdk.javaapi.CollectionConverters.asJava(
        spark.sparkContext().statusStore().executorList(false))) {
      if (!e.id().equals("driver") && e.peakMemoryMetrics().isDefined()) {
        peak = Math.max(peak, e.peakMemoryMetrics().get().getMetricValue("JVMHeapMemory"));
      }
    }
    return peak;
  }

  private static void addRow(ResultTable table, String benchmark, String mode, long rows, double nnzPerRow,
      int numFeatures, int partitions, int cores, double[] seconds, String bytesPerRound, String peakHeapMb) {
    addRow(table, benchmark, mode, rows, nnzPerRow, numFeatures, partitions, cores, seconds, bytesPerRound,
        peakHeapMb, "");
  }

  private static void addRow(ResultTable table, String benchmark, String mode, long rows, double nnzPerRow,
      int numFeatures, int partitions, int cores, double[] seconds, String bytesPerRound, String peakHeapMb,
      String executorPeakHeapMb) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double min = sorted[0];
    StringBuilder all = new StringBuilder();
    for (double s : seconds) {
      all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", s));
    }
    table.add(benchmark, mode, rows, nnzPerRow, numFeatures, partitions, cores, seconds.length, median, min,
        Math.round(rows / median), Math.round(rows / median / cores), all.toString(), bytesPerRound, peakHeapMb,
        executorPeakHeapMb);
  }
}
