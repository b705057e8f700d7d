package io.sparkctr.train;

import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.RowKernel;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.models.lr.LinearMargin;
import io.sparkctr.optim.RowOptimizer;
import java.util.Arrays;
import java.util.List;

/**
 * Training on float parameter rows: a {@link TrainingConfig} (its optimizer's row form,
 * {@link io.sparkctr.optim.OptimizerSpec#rowOptimizer}, and its model's row kernel: logistic regression, FM,
 * FFM) trains as a {@link RowState} stepped by {@link RowPass}, each round's passes merged by
 * the optimizer's {@link io.sparkctr.optim.RowMerge}. The flat parameter layout of the model
 * ({@link MarginFunction}) is the kernel's tables one after another, so warm starts, refit supports,
 * validation and the saved model keep the layout the double engine uses.
 */
public final class RowTrainer {
  private RowTrainer() {}

  /**
   * Runs one round of every partition's pass from {@code state} (read only: the passes step copy-on-touch
   * views) and returns their summed result, which the engine then applies to the state.
   */
  @FunctionalInterface
  public interface RoundRunner<O extends RowOptimizer<O>> {
    RowPass.Result run(RowState<O> state, int epoch, int round);
  }

  /** The row kernel computing {@code model}'s margin: logistic regression, FM or FFM. */
  public static RowKernel kernel(MarginFunction model) {
    if (model instanceof LinearMargin m) {
      return new LinearKernel(m.numFeatures(), m.fitIntercept());
    }
    // FM without factors is logistic regression, with the same flat layout (weights, then the intercept).
    if (model instanceof io.sparkctr.models.fm.FactorizedMargin m && m.layout().factorSize() == 0
        && m.layout().fitLinear()) {
      return new LinearKernel(m.numFeatures(), m.fitIntercept());
    }
    // The factors' random start comes from the model's own initialWeights (the double engine's start), so
    // the kernel's own draw is never used.
    if (model instanceof FmMargin m) {
      return new FactorKernel(m.layout(), false, 0.0, 0L);
    }
    if (model instanceof FfmMargin m) {
      return new FactorKernel(m.layout(), true, 0.0, 0L);
    }
    throw new IllegalArgumentException("No row kernel computes the margin of " + model);
  }

  /** The config's optimizer in its row form. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <O extends RowOptimizer<O>> O optimizer(TrainingConfig config) {
    return (O) (RowOptimizer) config.optimizer().rowOptimizer();
  }

  /**
   * Per table, the rows a refit may change, from the config's support over the penalised coordinates (a row
   * is in when any of its coordinates is); null for all rows. The unpenalised intercept always trains.
   */
  public static boolean[][] support(RowKernel kernel, TrainingConfig config) {
    final boolean[] flat = config.support();
    if (flat == null) {
      return null;
    }
    final boolean[][] out = new boolean[kernel.numTables()][];
    int at = 0;
    for (int t = 0; t < out.length; t++) {
      final int rows = kernel.tableRows(t);
      final int width = kernel.width(t);
      if (kernel.penalized(t)) {
        out[t] = new boolean[rows];
        for (int r = 0; r < rows; r++) {
          boolean any = false;
          for (int c = 0; c < width; c++) {
            any |= flat[at + r * width + c];
          }
          out[t][r] = any;
        }
      }
      at += rows * width;
    }
    return out;
  }

  /** A flat parameter vector cut into the kernel's tables (row-major per table), or null for null. */
  static double[][] tables(RowKernel kernel, double[] flat) {
    if (flat == null) {
      return null;
    }
    final double[][] out = new double[kernel.numTables()][];
    int at = 0;
    for (int t = 0; t < out.length; t++) {
      final int n = kernel.tableRows(t) * kernel.width(t);
      out[t] = Arrays.copyOfRange(flat, at, at + n);
      at += n;
    }
    if (at != flat.length) {
      throw new IllegalArgumentException("Dimension mismatch: " + flat.length + " parameters for tables of " + at);
    }
    return out;
  }

  /** The tables one after another: the model's flat layout. */
  static double[] flat(double[][] tables) {
    int n = 0;
    for (double[] t : tables) {
      n += t.length;
    }
    final double[] out = new double[n];
    int at = 0;
    for (double[] t : tables) {
      System.arraycopy(t, 0, out, at, t.length);
      at += t.length;
    }
    return out;
  }

  /** The state a run starts from: the config's warm start, else the model's start (zeros or random factors). */
  public static <O extends RowOptimizer<O>> RowState<O> start(TrainingConfig config, RowKernel kernel, O optimizer) {
    final double[] start = config.initialWeights() != null ? config.initialWeights() : config.model().initialWeights();
    return RowState.start(kernel, optimizer, tables(kernel, start));
  }

  /**
   * The engine over float rows: each round runs {@code runner} from the state, then the driver applies the
   * summed deltas in place ({@link RowPass#apply}). A step-size decay on a plateau applies to the optimizers
   * with one global rate ({@link RowOptimizer#withStepSizeScaled}), as in the double engine.
   */
  public static <O extends RowOptimizer<O>> LocalTrainer.Engine engine(RowKernel kernel, RowState<O> state,
      RoundRunner<O> runner) {
    return new LocalTrainer.Engine() {
      @Override
      public LocalTrainer.Round round(int epoch, int round) {
        final RowPass.Result result = runner.run(state, epoch, round);
        RowPass.apply(kernel, state, result);
        long touched = 0;
        for (int t = 0; t < kernel.numTables(); t++) {
          touched += (long) result.delta(t).size() * kernel.width(t);
        }
        return new LocalTrainer.Round(result.lossSum(), result.weightSum(), result.rows(), touched,
            result.payloadBytes(), result.shippedBytes());
      }

      @Override
      public double[] parameters() {
        return flat(state.weights(kernel));
      }

      @Override
      public boolean decayStepSize(double factor) {
        return state.decayStepSize(kernel, factor);
      }
    };
  }

  /** The local engine: each round's passes over in-memory partitions, one after another, merged in order. */
  public static <O extends RowOptimizer<O>> LocalTrainer.Engine sequential(TrainingConfig config,
      List<CsrBlock> partitions) {
    final RowKernel kernel = kernel(config.model());
    final O optimizer = optimizer(config);
    final RowState<O> state = start(config, kernel, optimizer);
    final boolean[][] support = support(kernel, config);
    final int[] valuesPerRow = RowPass.valuesPerRow(kernel, optimizer);
    return engine(kernel, state, (base, epoch, round) -> {
      RowPass.Result merged = RowPass.Result.empty(valuesPerRow);
      for (int p = 0; p < partitions.size(); p++) {
        merged = RowPass.Result.merge(merged, RowPass.run(kernel, base, support, partitions.get(p), config.seed(),
            epoch, round, config.syncsPerEpoch(), p));
      }
      return merged;
    });
  }
}
