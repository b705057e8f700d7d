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

  @Option(names = "--models", split = ",", defaultValue = "lr,fm,ffm",
      description = "lr (FTRL-LR), fm (FTRL-FM, k = 4, linear terms) and ffm (FTRL-FFM, k = 4, 39 fields, linear"
          + " terms; on --ffm-rows rows in 2^--ffm-bits features). Default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Option(names = "--ffm-rows", defaultValue = "100000",
      description = "FFM's rows (the double engine runs a few thousand a second). Default: ${DEFAULT-VALUE}.")
  int ffmRows;

  @Option(names = "--ffm-bits", defaultValue = "16",
      description = "FFM's feature space 2^bits (39 k-rows per feature). Default: ${DEFAULT-VALUE}.")
  int ffmBits;

  @Option(names = "--output", defaultValue = "target/bench-kernels", description = "Output folder.")
  String output;

  @Option(names = "--loop-rows-per-second", split = ",",
      description = "FtrlLoop.java's best epoch rows/s per --bits, measured by the script in this session.")
  List<Double> loopRowsPerSecond = new ArrayList<>();

  private static final int NNZ = 39;
  /** Entry j's field: j. */
  private static final int[] FIELDS = java.util.stream.IntStream.range(0, NNZ).toArray();
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.05, 1.0, 1.0, 0.0);

  /** FtrlLoop.java's rows, as a block (its generator, draw for draw). */
  static CsrBlock ftrlLoopRows(int rows, int bits) {
    return ftrlLoopRows(rows, bits, false);
  }

  /** FtrlLoop.java's rows; with fields, entry j's field is j (its disjoint index range), for FFM. */
  static CsrBlock ftrlLoopRows(int rows, int bits, boolean withFields) {
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
      if (withFields) {
        builder.add(y, 1.0, idx.clone(), ones, FIELDS, NNZ, dim, i); // index order is field order
      } else {
        int[] sorted = idx.clone();
        java.util.Arrays.sort(sorted);
        builder.add(y, 1.0, sorted, ones, NNZ, dim, i);
      }
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
    if (models.contains("ffm")) {
      ffm(table, ftrlLoopRows(ffmRows, ffmBits, true), ffmBits);
      System.out.print(table.markdown());
    }
    String preamble = String.format(Locale.ROOT, "# bench-kernels%n%n%d cores; %d rows of FtrlLoop.java's generator"
        + " (39 binary features per row); best of %d epochs after a warm-up, one thread. FtrlLoop.java ran in"
        + " the same session (scripts/bench-kernels). FM: k = 4 with linear terms, factors from N(0, 0.01^2). FFM:"
        + " k = 4, entry j in field j, %d rows in 2^%d features.%n%n",
        Runtime.getRuntime().availableProcessors(), rows, epochs, ffmRows, ffmBits);
    table.write(Paths.get(output), "bench-kernels", preamble);
    return 0;
  }

  private void fm(ResultTable table, CsrBlock block, int numBits, double loop) {
    final io.sparkctr.models.fm.FactorLayout layout = new io.sparkctr.models.fm.FactorLayout(1 << numBits, 1, 4, true,
        false);
    engines(table, block, numBits, Double.NaN, "FM k=4", "FTRL-FM",
        new io.sparkctr.models.kernel.FactorKernel(layout, false, 0.01, 7L), 5L << numBits,
        new TrainingConfig(io.sparkctr.optim.OptimizerSpec.ftrl(HYPER),
            new io.sparkctr.models.fm.FmMargin(layout, 0.01, 7L), 42L, 1, null, null));
  }

  private void ffm(ResultTable table, CsrBlock block, int numBits) {
    final io.sparkctr.models.fm.FactorLayout layout = new io.sparkctr.models.fm.FactorLayout(1 << numBits, NNZ, 4, true,
        false);
    engines(table, block, numBits, Double.NaN, "FFM k=4", "FTRL-FFM",
        new io.sparkctr.models.kernel.FactorKernel(layout, true, 0.01, 7L), (1L + NNZ * 4L) << numBits,
        new TrainingConfig(io.sparkctr.optim.OptimizerSpec.ftrl(HYPER),
            new io.sparkctr.models.fm.FfmMargin(layout, 0.01, 7L), 42L, 1, null, null));
  }

  private void lr(ResultTable table, CsrBlock block, int numBits, double loop) {
    engines(table, block, numBits, loop, "LR", "FTRL-LR", new LinearKernel(1 << numBits, false), 1L << numBits,
        new TrainingConfig(HYPER, 1 << numBits, false, 42L, 1));
  }

  /**
   * The three modes of one model: the row engine's fused pass in place and through a view with the merge, and
   * the double engine it replaces. One model in memory at a time: at 2^24 each is gigabytes.
   */
  private void engines(ResultTable table, CsrBlock block, int numBits, double loop, String model, String fused,
      io.sparkctr.models.RowKernel kernel, long parameters, TrainingConfig before) {
    inPlace(table, block, numBits, loop, model, fused, kernel, parameters);
    viewed(table, block, numBits, loop, model, fused, kernel, parameters);
    SparseOnlineOptimizer state = before.initialState();
    add(table, numBits, block, model + ": double engine LogisticPass via view + merge (before)", time(epoch -> {
      io.sparkctr.train.PassResult result = LogisticPass.run(before, state, block, epoch, 0, 0);
      LogisticPass.apply(before, state, result);
      return new double[] {result.lossSum(), result.weightSum()};
    }), loop, 16.0);
  }

  private void inPlace(ResultTable table, CsrBlock block, int numBits, double loop, String model, String fused,
      io.sparkctr.models.RowKernel kernel, long parameters) {
    RowState<FtrlRows> state = RowState.start(kernel, new FtrlRows(HYPER), null);
    add(table, numBits, block, model + ": row engine fused " + fused + " in place (local epoch)",
        time(epoch -> RowPass.runInPlace(kernel, state, block, 42L, epoch)), loop, state.bytes() / (double) parameters);
  }

  private void viewed(ResultTable table, CsrBlock block, int numBits, double loop, String model, String fused,
      io.sparkctr.models.RowKernel kernel, long parameters) {
    RowState<FtrlRows> viewed = RowState.start(kernel, new FtrlRows(HYPER), null);
    add(table, numBits, block, model + ": row engine fused " + fused + " via view + merge (Spark task)", time(epoch -> {
      RowPass.Result result = RowPass.run(kernel, viewed, null, block, 42L, epoch, 0, 1, 0);
      RowPass.apply(kernel, viewed, result);
      return result;
    }), loop, viewed.bytes() / (double) parameters);
  }

  /** A row-engine epoch's loss sums. */
  private static double[] sums(RowPass.Result result) {
    return new double[] {result.lossSum(), result.weightSum()};
  }

  /**
   * One warm-up epoch, then {@code --epochs} timed ones: the best epoch's seconds and the last epoch's
   * progressive log loss.
   */
  private double[] time(java.util.function.IntFunction<Object> epoch) {
    double[] best = {Double.MAX_VALUE, 0};
    for (int e = 0; e <= epochs; e++) {
      long t0 = System.nanoTime();
      Object result = epoch.apply(e + 1);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] loss = result instanceof RowPass.Result r ? sums(r) : (double[]) result;
      if (e > 0 && seconds < best[0]) {
        best[0] = seconds;
      }
      best[1] = loss[0] / loss[1];
    }
    return best;
  }

  private static void add(ResultTable table, int numBits, CsrBlock block, String mode, double[] best, double loop,
      double bytesPerParameter) {
    final double rps = block.numRows() / best[0];
    table.add(numBits, mode, block.numRows(), best[0], rps, loop, rps / loop, bytesPerParameter, best[1]);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KernelBenchmark()).execute(args));
  }
}
