package io.sparkctr.optim.sgd;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * Plain SGD with optional L2 over parameter rows, the row form of {@link SgdOptimizer} (reference: the
 * textbook rule, e.g. L. Bottou, "Stochastic Gradient Descent Tricks", 2012), per parameter at step s:
 *
 * <pre>
 *   w &lt;- w - eta_s (g + l2 w)        penalty (l2/2)||w||^2, eta_s from the schedule
 * </pre>
 *
 * <p>Row of width W: the weights only, 4 bytes per parameter; with l2 &gt; 0 the row keeps the store's int
 * clock. Lazy form (algorithms.md section 1, L2 alone): a row not updated at step s only decays by
 * (1 - eta_s l2), so on read its weights are multiplied once by prod_{s = clock + 1}^{t} (1 - eta_s l2):
 * (1 - eta0 l2)^k on the constant schedule, exp of {@link StepSums#logDecaySum} on invSqrt, O(1) either
 * way.
 *
 * <p>Departures from the double form: the double keeps a running sum of log(1 - eta_s l2) and its value per
 * coordinate; here the row's int clock replaces the per-coordinate value, and the product over the missed
 * steps is computed from the two steps. Float weights (the update in float, the catch-up in double rounded
 * once). The intercept (an unpenalised table) is never decayed.
 */
public final class SgdRows extends SteppedRows<SgdRows> {
  private static final long serialVersionUID = 1L;

  private final SgdHyperParams hyper;
  private final double l2;

  public SgdRows(SgdHyperParams hyper) {
    this(hyper, 0L);
  }

  private SgdRows(SgdHyperParams hyper, long t) {
    super(hyper.eta0(), hyper.schedule(), t);
    this.hyper = hyper;
    this.l2 = hyper.l2();
  }

  public SgdHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public boolean clocked() {
    return l2 > 0;
  }

  /** prod_{s = from + 1}^{to} (1 - eta_s l2). */
  double decay(long from, long to) {
    if (schedule == LearningRateSchedule.CONSTANT) {
      return Math.exp((double) (to - from) * Math.log1p(-eta0 * l2));
    }
    return Math.exp(StepSums.logDecaySum(from, to, eta0 * l2));
  }

  @Override
  protected void catchUp(float[] d, int off, int width, long from, long to) {
    final double factor = decay(from, to);
    for (int c = 0; c < width; c++) {
      d[off + c] = (float) (d[off + c] * factor);
    }
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final double eta = rate(t + 1);
    final float feta = (float) eta;
    final float rl2 = penalized ? (float) l2 : 0f;
    final float fmult = (float) multiplier;
    for (int k = 0, p = 0; k < count; k++) {
      final int off = offsets[k];
      for (int c = 0; c < width; c++, p++) {
        final float g = fmult * (float) derivatives[p];
        final float w = d[off + c];
        d[off + c] = w - feta * (g + rl2 * w);
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
      d[off + c] = (float) (penalized ? w - eta * l2 * w : w);
    }
    markUpdated(store, off, penalized);
  }

  @Override
  protected SgdRows scaled(double factor) {
    return new SgdRows(new SgdHyperParams(eta0 * factor, schedule, l2));
  }

  @Override
  public SgdRows copy() {
    return new SgdRows(hyper, t);
  }
}
