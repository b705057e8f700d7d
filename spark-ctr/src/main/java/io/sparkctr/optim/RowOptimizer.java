package io.sparkctr.optim;

import java.io.Serializable;

/**
 * An online optimizer over tables of parameter rows ({@link RowStore}): one call steps every row an example
 * (or a mini-batch) touched, so a model's kernel makes one call per table per step, never one per
 * coordinate. Each parameter keeps its exact per-coordinate rule (the papers' algorithms; the lazy ones
 * catch a row up on {@link #read}); a row is the unit of storage, of the lazy clock and of the group
 * optimizers' groups.
 *
 * <p>Row layout: a row of {@code width} parameters holds their weights first ({@code data[off + c]}, which
 * kernels and scorers read directly), then the optimizer's state, {@link #stride} floats in all. Weights
 * and state are {@code float}s; each step computes in {@code double} and rounds once when it stores.
 *
 * <p>One step: the kernel {@link RowStore#touch}es the rows of the example, calls {@link #read} (after it the
 * weights in the store are the current ones), computes the margin and its derivatives from them, then calls
 * {@link #update}; after the example, {@link #endStep}. The step loss is the example's weighted log loss, so
 * parameter c of row r gets the gradient {@code multiplier * derivatives[r * width + c]}.
 *
 * <p>Tables: a model has a table per kind of row (linear weights, factor rows, the intercept); rows of an
 * unpenalised table (the intercept) get no L1, L2 or group penalty.
 *
 * @param <O> the optimizer's own type: its {@link RowMerge} is typed by it, so pairing an optimizer with
 *     another's merge does not compile
 */
public interface RowOptimizer<O extends RowOptimizer<O>> extends Serializable {
  /** The name the {@code optimizer} Param uses. */
  String name();

  /** Floats per row of {@code width} parameters in the shared state. */
  int stride(int width);

  /**
   * Floats a pass's view adds to each touched row after its {@link #stride} (zero at the first touch): merge
   * bookkeeping the shared state does not store. None by default.
   */
  default int viewExtra(int width) {
    return 0;
  }

  /** Whether rows keep a clock (lazy catch-up of penalties between touches). */
  boolean clocked();

  /**
   * Writes the state of a row whose weights start at {@code w0[from, from + width)} (zeros, a random factor
   * start, a warm start) at the current step.
   */
  void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from);

  /**
   * Brings the rows at {@code offsets[0, count)} of {@code store} current: afterwards their weight floats are
   * the weights at this step. Idempotent within a step.
   */
  void read(RowStore store, int[] offsets, int count, int width, boolean penalized);

  /**
   * Brings every row of an owner current ({@link #read} over all of them, in batches): O(model), for an export
   * of the weights or a restart of the clock.
   */
  default void readAll(RowStore owner, int width, boolean penalized) {
    final int rows = owner.rows();
    final int[] offsets = new int[Math.max(1, Math.min(rows, 4096))];
    for (int from = 0; from < rows; from += offsets.length) {
      final int count = Math.min(offsets.length, rows - from);
      for (int k = 0; k < count; k++) {
        offsets[k] = owner.ownerOffset(from + k);
      }
      read(owner, offsets, count, width, penalized);
    }
  }

  /**
   * One step on the rows at {@code offsets[0, count)}, read this step: parameter c of the k-th row gets the
   * gradient {@code multiplier * derivatives[k * width + c]}.
   *
   * @param derivatives d(margin)/d(parameter) per parameter of the rows, row after row
   * @return for merges that track how far a pass moved (FTRL): the sum over the rows' parameters of
   *     derivative^2 times the parameter's step size after the update; 0 for the others
   */
  double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives);

  /**
   * For merges that track how far a pass moved (FTRL): adds the example's contraction (the loss's curvature
   * times the sum of {@link #update}'s returns over the example's tables) to each of the rows. Nothing by
   * default.
   */
  default void addContraction(RowStore store, int[] offsets, int count, int width, double contraction) {}

  /** Whether {@link #addContraction} is used (a pass skips computing the contraction otherwise). */
  default boolean tracksContraction() {
    return false;
  }

  /** Ends the step: advances the global step counter. */
  void endStep();

  /** Steps ended so far. */
  long steps();

  /**
   * The step-size decay on a validation plateau ({@code stepSizeDecay}), for optimizers with one global rate
   * on the constant schedule (the SGD family): brings every row of {@code owners} current (O(model), once per
   * decay), restarts their clocks and returns this optimizer at {@code factor} times its rate with its clock
   * at 0, as the double engine's {@code withStepSizeScaled} restarts. Null when the optimizer does not decay
   * (FTRL, AdaGrad and RDA shrink their steps per coordinate; the invSqrt schedule decays already).
   */
  default O withStepSizeScaled(double factor, RowStore[] owners, int[] widths, boolean[] penalized) {
    return null;
  }

  /** An independent copy of the hyperparameters and global clock (stores are separate). */
  O copy();

  /** How passes that ran in parallel from one state merge. */
  RowMerge<O> merge();
}
