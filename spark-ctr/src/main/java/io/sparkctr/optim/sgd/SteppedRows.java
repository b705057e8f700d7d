package io.sparkctr.optim.sgd;

import io.sparkctr.optim.RowAveraging;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * What the row forms of the step-counted weight optimizers (SGD, L1-SGD, truncation, truncated gradient,
 * FOBOS) share, as {@link io.sparkctr.optim.SteppedWeightOptimizer} for the double forms: the learning rate
 * eta0 and its schedule, the global clock, the lazy catch-up of a row on {@link #read} and the averaging
 * merge ({@link RowAveraging}).
 *
 * <p>Row of width W: the weights only, {@code [w_0..w_{W-1}]}, 4 bytes per parameter. The lazy ones keep the
 * {@link RowStore}'s int clock per row (the steps the row's weights reflect) rather than a per-parameter
 * bookkeeping value: all parameters of a row are touched together, so they share it. A row of an
 * unpenalised table (the intercept) is never caught up and keeps no clock (its clock is not maintained).
 *
 * <p>Arithmetic: {@code update} computes in float on the float weights (see
 * {@link io.sparkctr.optim.ftrl.FtrlRows}); a catch-up, which may span many steps, and the merge compute in
 * double and round once when they store.
 *
 * @param <O> the optimizer's own type
 */
public abstract class SteppedRows<O extends SteppedRows<O>> implements RowOptimizer<O>, RowAveraging.MergeWeights {
  private static final long serialVersionUID = 1L;

  protected final double eta0;
  protected final LearningRateSchedule schedule;
  /** Steps ended so far (the row clocks are ints: at most Integer.MAX_VALUE). */
  protected long t;

  protected SteppedRows(double eta0, LearningRateSchedule schedule, long t) {
    this.eta0 = eta0;
    this.schedule = schedule;
    this.t = t;
  }

  /** The rate of step s (1-based). */
  protected final double rate(long s) {
    return schedule.rate(eta0, s);
  }

  @Override
  public final int stride(int width) {
    return width;
  }

  /** Weights from {@code w0} (or zeros), current as of the current step. */
  @Override
  public final void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      d[off + c] = w0 == null ? 0f : (float) w0[from + c];
    }
    if (store.clocked()) {
      store.setClockAt(off, (int) t);
    }
  }

  @Override
  public final void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    if (!penalized || !clocked()) {
      return; // nothing to catch up
    }
    final float[] d = store.data();
    final int now = (int) t;
    for (int k = 0; k < count; k++) {
      final int off = offsets[k];
      final int last = store.clockAt(off);
      if (last < now) { // > now: updated this step already
        catchUp(d, off, width, last, now);
        store.setClockAt(off, now);
      }
    }
  }

  /**
   * Applies the penalty-only steps {@code from + 1 .. to} to the penalised row at {@code off}, in double,
   * rounding once.
   */
  protected abstract void catchUp(float[] d, int off, int width, long from, long to);

  /** Marks the penalised rows current as of the end of this step, after their update. */
  protected final void markUpdated(RowStore store, int[] offsets, int count, boolean penalized) {
    if (!penalized || !clocked()) {
      return;
    }
    final int next = (int) (t + 1);
    for (int k = 0; k < count; k++) {
      store.setClockAt(offsets[k], next);
    }
  }

  /** Marks one penalised row current as of the end of this step ({@link #mergeWeights}). */
  protected final void markUpdated(RowStore store, int off, boolean penalized) {
    if (penalized && clocked()) {
      store.setClockAt(off, (int) (t + 1));
    }
  }

  @Override
  public final void endStep() {
    if (t >= Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("The row clocks are ints: at most " + (Integer.MAX_VALUE - 1)
          + " steps, but a step past " + t + " was ended");
    }
    t++;
  }

  @Override
  public final long steps() {
    return t;
  }

  /**
   * Constant schedule only (null otherwise, as {@link io.sparkctr.optim.SteppedWeightOptimizer#decays()}):
   * every owner row caught up, its clock reset to 0, and this optimizer at {@code factor} times its rate with
   * its clock at 0.
   */
  @Override
  public final O withStepSizeScaled(double factor, RowStore[] owners, int[] widths, boolean[] penalized) {
    if (schedule != LearningRateSchedule.CONSTANT) {
      return null;
    }
    for (int tab = 0; tab < owners.length; tab++) {
      final RowStore owner = owners[tab];
      if (owner.isView()) {
        throw new IllegalArgumentException("withStepSizeScaled MUST get the owners, but table " + tab
            + " is a view");
      }
      if (!owner.clocked()) {
        continue; // nothing lazy
      }
      readAll(owner, widths[tab], penalized[tab]);
      for (int r = 0; r < owner.rows(); r++) {
        owner.setClockAt(owner.ownerOffset(r), 0);
      }
    }
    return scaled(factor);
  }

  /** This optimizer at {@code factor} times eta0, with its clock at 0. */
  protected abstract O scaled(double factor);

  @Override
  public final RowMerge<O> merge() {
    return new RowAveraging<O>();
  }
}
