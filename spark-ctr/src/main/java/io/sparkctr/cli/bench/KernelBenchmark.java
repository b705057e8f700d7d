package io.sparkctr.cli.bench;

import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.CsrBlockBuilder;
import io.sparkctr.train.LogisticPass;
import io.sparkctr.train.RowPass;
import io.sparkctr.train.RowState;
import io.sparkctr.train.TrainingConfig;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Single-thread FTRL-LR kernel throughput on exactly the rows of {@code ../shared/bench/FtrlLoop.java} (same
 * generator, seed, 39 binary features per row in 2^bits indices, 25% positives, alpha 0.05, beta 1, l1 1,
 * l2 0), so {@code scripts/bench-kernels} can run both in one session and report the ratio. Modes: the row
 * engine's fused loop in place (the local trainer's epoch), the same loop through a copy-on-touch view
 * followed by the merge (a Spark task's pass and the driver's apply), and the double engine it replaces
 * ({@link LogisticPass}, view and merge). Each mode: one warm-up epoch, then the best of {@code --epochs}.
 */
@Command(name = "bench-kernel", mixinStandardHelpOptions = true,
    description = "FTRL-LR kernel rows/s on FtrlLoop.java's rows, per mode.")
public final class KernelBenchmark implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "1000000", description = "Rows. Default: ${DEFAULT-VALUE}.")
  int rows;

  @Option(names = "--bits", split = ",", defaultValue = "20,24", description = "Feature spaces 2^bits. Default: ${DEFAULT-VALUE}.")
  List<Integer> bits;

  @Option(names = "--epochs", defaultValue = "3", description = "Timed epochs after the warm-up. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--models", split = ",", defaultValue = "lr,fm",
      description = "lr (FTRL-LR) and fm (FTRL-FM, k = 4, linear terms). Default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Option(names = "--output", defaultValue = "target/bench-kernels", description = "Output folder.")
  String output;

  @Option(names = "--loop-rows-per-second", split = ",",
      description = "FtrlLoop.java's best epoch rows/s per --bits, measured by the script in this session.")
  List<Double> loopRowsPerSecond = new ArrayList<>();

  private static final int NNZ = 39;
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.05, 1.0, 1.0, 0.0);

  /** FtrlLoop.java's rows, as a block (its generator, draw for draw). */
  static CsrBlock ftrlLoopRows(int rows, int bits) {
    final int dim = 1 << bits;
    final SplittableRandom r = new SplittableRandom(1);
    final CsrBlockBuilder builder = new CsrBlockBuilder();
    final int[] idx = new int[NNZ];
    final double[] ones = new double[NNZ];
    java.util.Arrays.fill(ones, 1.0);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < NNZ; j++) {
        final double u = r.nextDouble();
        final int rank = (int) Math.min(dim / NNZ - 1, Math.floor(Math.pow(dim / (double) NNZ, u * u)));
        idx[j] = (j * (dim / NNZ) + rank) & (dim - 1);
      }
      final double y = r.nextDouble() < 0.25 ? 1 : 0;
      // FtrlLoop's fields are disjoint ranges, so a row never repeats an index.
      int[] sorted = idx.clone();
      java.util.Arrays.sort(sorted);
      builder.add(y, 1.0, sorted, ones, NNZ, dim, i);
    }
    return builder.build();
  }

  @Override
  public Integer call() throws Exception {
    ResultTable table = new ResultTable("bits", "mode", "rows", "best_seconds", "rows_per_second",
        "ftrlloop_rows_per_second", "ratio_to_ftrlloop", "bytes_per_parameter", "last_epoch_logloss");
    for (int b = 0; b < bits.size(); b++) {
      final int numBits = bits.get(b);
      final CsrBlock block = ftrlLoopRows(rows, numBits);
      final double loop = b < loopRowsPerSecond.size() ? loopRowsPerSecond.get(b) : Double.NaN;
      if (models.contains("lr")) {
        lr(table, block, numBits, loop);
      }
      if (models.contains("fm")) {
        fm(table, block, numBits, loop);
      }
      System.out.print(table.markdown());
    }
    String preamble = String.format(Locale.ROOT, "# bench-kernels%n%n%d cores; %d rows of FtrlLoop.java's generator"
        + " (39 binary features per row); best of %d epochs after a warm-up, one thread. FtrlLoop.java ran in"
        + " the same session (scripts/bench-kernels). FM: k = 4 with linear terms, factors from N(0, 0.01^2).%n%n",
        Runtime.getRuntime().availableProcessors(), rows, epochs);
    table.write(Paths.get(output), "bench-kernels", preamble);
    return 0;
  }

  private void fm(ResultTable table, CsrBlock block, int numBits, double loop) {
    final io.sparkctr.models.fm.FactorLayout layout = new io.sparkctr.models.fm.FactorLayout(1 << numBits, 1, 4, true,
        false);
    final io.sparkctr.models.kernel.FactorKernel kernel = new io.sparkctr.models.kernel.FactorKernel(layout, false,
        0.01, 7L);
    RowState<FtrlRows> inPlace = RowState.start(kernel, new FtrlRows(HYPER), null);
    double[] best = {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      RowPass.Result result = RowPass.runInPlace(kernel, inPlace, block, 42L, e + 1);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "FM k=4: row engine, fused FTRL-FM in place (local epoch)", best, Double.NaN,
        inPlace.bytes() / (double) (5L << numBits));
    inPlace = null; // one model in memory at a time: at 2^24 each is gigabytes
    RowState<FtrlRows> viewed = RowState.start(kernel, new FtrlRows(HYPER), null);
    best = new double[] {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      RowPass.Result result = RowPass.run(kernel, viewed, null, block, 42L, e + 1, 0, 1, 0);
      RowPass.apply(kernel, viewed, result);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "FM k=4: row engine, fused FTRL-FM via view + merge (Spark task)", best, Double.NaN,
        viewed.bytes() / (double) (5L << numBits));
    viewed = null;
    TrainingConfig config = new TrainingConfig(io.sparkctr.optim.OptimizerSpec.ftrl(HYPER),
        new io.sparkctr.models.fm.FmMargin(layout, 0.01, 7L), 42L, 1, null, null);
    SparseOnlineOptimizer state = config.initialState();
    best = new double[] {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      io.sparkctr.train.PassResult result = LogisticPass.run(config, state, block, e + 1, 0, 0);
      LogisticPass.apply(config, state, result);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "FM k=4: double engine, LogisticPass via view + merge (before)", best, Double.NaN, 16.0);
  }

  private void lr(ResultTable table, CsrBlock block, int numBits, double loop) {
    final LinearKernel kernel = new LinearKernel(1 << numBits, false);

    RowState<FtrlRows> inPlace = RowState.start(kernel, new FtrlRows(HYPER), null);
    double[] best = {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      RowPass.Result result = RowPass.runInPlace(kernel, inPlace, block, 42L, e + 1);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "LR: row engine, fused FTRL-LR in place (local epoch)", best, loop,
        inPlace.bytes() / (double) (1 << numBits));
    inPlace = null;

    RowState<FtrlRows> viewed = RowState.start(kernel, new FtrlRows(HYPER), null);
    best = new double[] {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      RowPass.Result result = RowPass.run(kernel, viewed, null, block, 42L, e + 1, 0, 1, 0);
      RowPass.apply(kernel, viewed, result);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "LR: row engine, fused FTRL-LR via view + merge (Spark task)", best, loop,
        viewed.bytes() / (double) (1 << numBits));

    TrainingConfig config = new TrainingConfig(HYPER, 1 << numBits, false, 42L, 1);
    SparseOnlineOptimizer state = config.initialState();
    best = new double[] {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      io.sparkctr.train.PassResult result = LogisticPass.run(config, state, block, e + 1, 0, 0);
      LogisticPass.apply(config, state, result);
      record(best, e, (System.nanoTime() - t0) / 1e9, result.lossSum() / result.weightSum());
    }
    add(table, numBits, "LR: double engine, LogisticPass via view + merge (before)", best, loop, 16.0);
  }

  /** Keeps the best timed epoch's seconds and the last epoch's progressive log loss. */
  private static void record(double[] best, int epoch, double seconds, double logloss) {
    if (epoch > 0 && seconds < best[0]) {
      best[0] = seconds;
    }
    best[1] = logloss;
  }

  private void add(ResultTable table, int numBits, String mode, double[] best, double loop, double bytesPerRow) {
    final double rps = rows / best[0];
    table.add(numBits, mode, rows, best[0], rps, loop, rps / loop, bytesPerRow, best[1]);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KernelBenchmark()).execute(args));
  }
}
