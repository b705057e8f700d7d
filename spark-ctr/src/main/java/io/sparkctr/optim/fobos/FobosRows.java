package io.sparkctr.optim.fobos;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.StepSums;
import io.sparkctr.optim.sgd.SteppedRows;

/**
 * L1-FOBOS (forward-backward splitting) with elastic net over parameter rows, the row form of
 * {@link FobosOptimizer} (algorithms.md section 4).
 *
 * <p>Reference: J. Duchi, Y. Singer, "Efficient Online and Batch Learning Using Forward Backward
 * Splitting", JMLR 10, 2009, https://jmlr.org/papers/v10/duchi09a.html. Per parameter at step s, with
 * soft(v, a) = sgn(v) max(|v| - a, 0):
 *
 * <pre>
 *   w_half = w - eta_s g
 *   w      = soft(w_half, eta_s l1) / (1 + eta_s l2)     penalty l1 ||w||_1 + (l2/2) ||w||^2
 * </pre>
 *
 * The backward step uses eta_s and l2 means (l2/2)||w||^2, both as TensorFlow's
 * ApplyProximalGradientDescent.
 *
 * <p>Row of width W: the weights only, 4 bytes per parameter, and with l1 or l2 &gt; 0 the store's int
 * clock per row. Lazy form, as the double form: an untouched row only receives backward steps, applied on
 * read to each weight of the row for the steps clock + 1 .. t:
 *
 * <ul>
 *   <li>l2 = 0: soft(w, l1 E), E the sum of eta_s over those steps: eta0 times their number on the constant
 *       schedule, eta0 {@link StepSums#powerSum} on invSqrt, O(1) either way;
 *   <li>l2 &gt; 0, constant schedule, O(1): a_k = max(q^k (a + l1/l2) - l1/l2, 0) on a = |w|,
 *       q = 1 / (1 + eta l2);
 *   <li>l2 &gt; 0, invSqrt schedule: the steps replayed one by one, stopping at 0, O(k), as the double form
 *       (never more than the eager form over a run).
 * </ul>
 *
 * <p>Departures from the double form: with l2 = 0 the double keeps a running sum of eta over the ended
 * steps and its value per coordinate; here the row's int clock replaces the per-coordinate value and E is
 * computed from the two steps. Float weights (the update in float, the catch-up in double rounded once). The
 * intercept (an unpenalised table) gets plain gradient steps.
 */
public final class FobosRows extends SteppedRows<FobosRows> {
  private static final long serialVersionUID = 1L;

  private final FobosHyperParams hyper;
  private final double l1;
  private final double l2;

  public FobosRows(FobosHyperParams hyper) {
    this(hyper, 0L);
  }

  private FobosRows(FobosHyperParams hyper, long t) {
    super(hyper.eta0(), hyper.schedule(), t);
    this.hyper = hyper;
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
  }

  public FobosHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "fobos";
  }

  @Override
  public boolean clocked() {
    return l1 > 0 || l2 > 0;
  }

  /** The sum of eta_s over the steps {@code from + 1 .. to}. */
  double etaSum(long from, long to) {
    if (schedule == LearningRateSchedule.CONSTANT) {
      return eta0 * (double) (to - from);
    }
    return eta0 * StepSums.powerSum(from, to, 0.5);
  }

  @Override
  protected void catchUp(float[] d, int off, int width, long from, long to) {
    if (l2 == 0) {
      final double threshold = l1 * etaSum(from, to);
      for (int c = 0; c < width; c++) {
        d[off + c] = (float) OptimizerChecks.soft(d[off + c], threshold);
      }
      return;
    }
    for (int c = 0; c < width; c++) {
      d[off + c] = (float) elasticNetCatchUp(d[off + c], from, to);
    }
  }

  /** The backward steps {@code from + 1 .. to} with l2 &gt; 0 ({@link FobosOptimizer}'s). */
  private double elasticNetCatchUp(double wi, long from, long to) {
    return FobosOptimizer.elasticNetCatchUp(wi, from, to, eta0, schedule, l1, l2);
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final double eta = rate(t + 1);
    final float feta = (float) eta;
    final float threshold = penalized ? (float) (eta * l1) : 0f;
    final float scale = penalized ? (float) (1.0 / (1.0 + eta * l2)) : 1f;
    final float fmult = (float) multiplier;
    for (int r = 0, p = 0; r < count; r++) {
      final int off = offsets[r];
      for (int c = 0; c < width; c++, p++) {
        final float half = d[off + c] - feta * (fmult * (float) derivatives[p]);
        final float shrunk = Math.abs(half) - threshold;
        d[off + c] = shrunk > 0f ? Math.copySign(shrunk, half) * scale : 0f;
      }
    }
    markUpdated(store, offsets, count, penalized);
    return 0.0;
  }

  @Override
  public void mergeWeights(RowStore store, int off, int width, boolean penalized, double[] weights, int from) {
    final double eta = rate(t + 1);
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      final double w = weights[from + c];
      d[off + c] = (float) (penalized ? OptimizerChecks.soft(w, eta * l1) / (1.0 + eta * l2) : w);
    }
    markUpdated(store, off, penalized);
  }

  @Override
  protected FobosRows scaled(double factor) {
    return new FobosRows(new FobosHyperParams(eta0 * factor, schedule, l1, l2));
  }

  @Override
  public FobosRows copy() {
    return new FobosRows(hyper, t);
  }
}
