package io.sparkctr.cli.bench;

import io.sparkctr.models.RowKernel;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.RowPass;
import io.sparkctr.train.RowState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the fused FTRL kernels on FtrlLoop.java's rows ({@link KernelBenchmark#ftrlLoopRows}:
 * 39 binary features per row): one invocation is one epoch over {@link #ROWS} rows, and the score is rows per
 * second (one thread). {@code inPlace} is the local epoch (the pass steps the state's own rows); {@code
 * viewAndMerge} is a Spark task's pass (copy-on-touch view, delta of the touched rows) followed by the driver's
 * merge. LR and FM (k = 4, linear terms) over 2^bits features; FFM (k = 4, 39 fields) over 2^ffmBits (16) features, as
 * bench-kernels. Run by {@code scripts/bench-jmh}; the same session should run {@code ../shared/bench/FtrlLoop.java}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class KernelJmh {
  static final int ROWS = 200_000;
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.05, 1.0, 1.0, 0.0);

  @Param({"lr", "fm", "ffm"})
  String model;

  /** Hash bits of lr and fm (ffm: {@link #ffmBits}). */
  @Param({"20", "24"})
  int bits;

  /** Hash bits of ffm (39 fields x k floats of state per feature): 16 by default; fewer keeps the model in cache. */
  @Param({"16"})
  int ffmBits;

  private CsrBlock block;
  private RowKernel kernel;
  private RowState<FtrlRows> state;
  private int epoch;

  @Setup(Level.Trial)
  public void setUp() {
    final boolean ffm = model.equals("ffm");
    final int numBits = ffm ? ffmBits : bits;
    block = KernelBenchmark.ftrlLoopRows(ROWS, numBits, ffm);
    switch (model) {
      case "lr":
        kernel = new LinearKernel(1 << numBits, false);
        break;
      case "fm":
        kernel = new FactorKernel(new FactorLayout(1 << numBits, 1, 4, true, false), false, 0.01, 7L);
        break;
      case "ffm":
        kernel = new FactorKernel(new FactorLayout(1 << numBits, 39, 4, true, false), true, 0.01, 7L);
        break;
      default:
        throw new IllegalArgumentException("model MUST be lr, fm or ffm, but got " + model);
    }
    state = RowState.start(kernel, new FtrlRows(HYPER), null);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RowPass.Result inPlace() {
    return RowPass.runInPlace(kernel, state, block, 42L, ++epoch);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RowPass.Result viewAndMerge() {
    final RowPass.Result result = RowPass.run(kernel, state, null, block, 42L, ++epoch, 0, 1, 0);
    RowPass.apply(kernel, state, result);
    return result;
  }
}
