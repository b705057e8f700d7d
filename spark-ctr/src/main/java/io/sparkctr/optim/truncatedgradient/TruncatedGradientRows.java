package io.sparkctr.optim.truncatedgradient;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.StepSums;
import io.sparkctr.optim.sgd.SteppedRows;

/**
 * Truncated Gradient (TG) over parameter rows, the row form of {@link TruncatedGradientOptimizer}
 * (algorithms.md section 3).
 *
 * <p>Reference: J. Langford, L. Li, T. Zhang, "Sparse Online Learning via Truncated Gradient", JMLR 10, 2009
 * (NIPS 2008), https://jmlr.org/papers/v10/langford09a.html. Per parameter at step s:
 *
 * <pre>
 *   T1(v, alpha, theta) = max(0, v - alpha)   if 0 &lt;= v &lt;= theta
 *                       = min(0, v + alpha)   if -theta &lt;= v &lt; 0
 *                       = v                   otherwise
 *   w &lt;- T1(w - eta_s g, eta_s G_s, theta),   G_s = K l1 if s mod K == 0, else 0
 * </pre>
 *
 * {@code l1} is the paper's gravity g.
 *
 * <p>Row of width W: the weights only, 4 bytes per parameter, and with l1 &gt; 0 the store's int clock per
 * row. Lazy form (the paper's time-stamp idea): on read, T1(w, K l1 E, theta) is applied once to each
 * weight of the row, E the sum of eta_s over the truncation steps s (s mod K == 0) in clock + 1 .. t:
 * eta0 times their number on the constant schedule, eta0 / sqrt(K) {@link StepSums#powerSum} over their
 * indices s / K on invSqrt, O(1) either way. Exact up to rounding (shrinking toward 0 composes).
 *
 * <p>Departures from the double form: the double keeps a running sum of eta over the ended truncation steps
 * and its value per coordinate; here the row's int clock replaces the per-coordinate value and E is computed
 * from the two steps. Float weights (the update in float, the catch-up in double rounded once). The
 * intercept (an unpenalised table) is never truncated.
 */
public final class TruncatedGradientRows extends SteppedRows<TruncatedGradientRows> {
  private static final long serialVersionUID = 1L;

  private final TruncatedGradientHyperParams hyper;
  /** K * gravity: the shrinkage per unit of learning rate at a truncation step. */
  private final double gravityK;
  private final double theta;
  private final long k;

  public TruncatedGradientRows(TruncatedGradientHyperParams hyper) {
    this(hyper, 0L);
  }

  private TruncatedGradientRows(TruncatedGradientHyperParams hyper, long t) {
    super(hyper.eta0(), hyper.schedule(), t);
    this.hyper = hyper;
    this.gravityK = hyper.k() * hyper.l1();
    this.theta = hyper.theta();
    this.k = hyper.k();
  }

  public TruncatedGradientHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "tg";
  }

  @Override
  public boolean clocked() {
    return gravityK > 0;
  }

  /** The sum of eta_s over the truncation steps s in {@code from + 1 .. to}. */
  double truncationEtaSum(long from, long to) {
    final long a = from / k;
    final long b = to / k;
    if (schedule == LearningRateSchedule.CONSTANT) {
      return eta0 * (double) (b - a);
    }
    return eta0 / Math.sqrt((double) k) * StepSums.powerSum(a, b, 0.5); // eta0 / sqrt(K j), j = a + 1 .. b
  }

  @Override
  protected void catchUp(float[] d, int off, int width, long from, long to) {
    final double missed = truncationEtaSum(from, to);
    if (missed > 0) {
      final double alpha = gravityK * missed;
      for (int c = 0; c < width; c++) {
        d[off + c] = (float) TruncatedGradientOptimizer.t1(d[off + c], alpha, theta);
      }
    }
  }

  /** T1 in float. */
  private static float t1(float v, float alpha, double theta) {
    if (v >= 0) {
      return v <= theta ? Math.max(0f, v - alpha) : v;
    }
    return v >= -theta ? Math.min(0f, v + alpha) : v;
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final long s = t + 1;
    final double eta = rate(s);
    final float feta = (float) eta;
    final boolean truncate = penalized && s % k == 0 && gravityK > 0;
    final float alpha = (float) (eta * gravityK);
    final float fmult = (float) multiplier;
    for (int r = 0, p = 0; r < count; r++) {
      final int off = offsets[r];
      for (int c = 0; c < width; c++, p++) {
        final float v = d[off + c] - feta * (fmult * (float) derivatives[p]);
        d[off + c] = truncate ? t1(v, alpha, theta) : v;
      }
    }
    markUpdated(store, offsets, count, penalized);
    return 0.0;
  }

  /**
   * One truncation now, whatever the step (as the double form: an average must not revive a weight T1 would
   * zero), at this step's rate.
   */
  @Override
  public void mergeWeights(RowStore store, int off, int width, boolean penalized, double[] weights, int from) {
    final double alpha = rate(t + 1) * gravityK;
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      final double w = weights[from + c];
      d[off + c] = (float) (penalized ? TruncatedGradientOptimizer.t1(w, alpha, theta) : w);
    }
    markUpdated(store, off, penalized);
  }

  @Override
  protected TruncatedGradientRows scaled(double factor) {
    return new TruncatedGradientRows(
        new TruncatedGradientHyperParams(eta0 * factor, schedule, hyper.l1(), theta, (int) k));
  }

  @Override
  public TruncatedGradientRows copy() {
    return new TruncatedGradientRows(hyper, t);
  }
}
