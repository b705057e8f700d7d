package io.sparkctr.optim.sgd;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * L1-regularised SGD by the subgradient method over parameter rows, the row form of {@link L1SgdOptimizer}.
 *
 * <p>Reference: the subgradient rule as stated in J. Langford, L. Li, T. Zhang, "Sparse Online Learning via
 * Truncated Gradient", JMLR 10, 2009, section 1, and in Y. Tsuruoka, J. Tsujii, S. Ananiadou, "Stochastic
 * Gradient Descent Training for L1-regularized Log-linear Models with Cumulative Penalty", ACL 2009, section
 * 3. Per parameter at step s, with sgn(0) = 0:
 *
 * <pre>
 *   w &lt;- w - eta_s (g + l1 sgn(w) + l2 w)        penalty l1 ||w||_1 + (l2/2) ||w||^2
 * </pre>
 *
 * implemented faithfully, without clipping at zero (so w oscillates in sign once |w| &lt; eta l1, and
 * exact zeros are rare).
 *
 * <p>Row of width W: the weights only, 4 bytes per parameter, and with l1 or l2 &gt; 0 the store's int clock
 * per row. Lazy form, as the double form: on read each weight of the row receives the penalty-only steps
 * clock + 1 .. t, in O(1) on the constant schedule with l2 = 0 (the parity rule of {@link L1SgdOptimizer}),
 * otherwise replayed one by one, stopping at an exact 0 (a row's replays over a run cost at most the steps
 * of the run, what the eager form costs).
 *
 * <p>Departures from the double form: the row's int clock replaces the per-coordinate last step; float
 * weights (the update in float, the catch-up in double rounded once), so at the ties of the parity rule
 * (|w| within float rounding of a multiple of eta l1) the row form and the double may land on different
 * sides. The intercept (an unpenalised table) gets plain SGD steps.
 */
public final class L1SgdRows extends SteppedRows<L1SgdRows> {
  private static final long serialVersionUID = 1L;

  private final L1SgdHyperParams hyper;
  private final double l1;
  private final double l2;

  public L1SgdRows(L1SgdHyperParams hyper) {
    this(hyper, 0L);
  }

  private L1SgdRows(L1SgdHyperParams hyper, long t) {
    super(hyper.eta0(), hyper.schedule(), t);
    this.hyper = hyper;
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
  }

  public L1SgdHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "l1sgd";
  }

  @Override
  public boolean clocked() {
    return l1 > 0 || l2 > 0;
  }

  @Override
  protected void catchUp(float[] d, int off, int width, long from, long to) {
    for (int c = 0; c < width; c++) {
      d[off + c] = (float) catchUp(d[off + c], from, to);
    }
  }

  /** w after the penalty-only steps {@code from + 1 .. to} ({@link L1SgdOptimizer}'s catch-up). */
  private double catchUp(double wi, long from, long to) {
    return L1SgdOptimizer.catchUp(wi, from, to, eta0, schedule, l1, l2);
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final float feta = (float) rate(t + 1);
    final float rl1 = penalized ? (float) l1 : 0f;
    final float rl2 = penalized ? (float) l2 : 0f;
    final float fmult = (float) multiplier;
    for (int k = 0, p = 0; k < count; k++) {
      final int off = offsets[k];
      for (int c = 0; c < width; c++, p++) {
        final float g = fmult * (float) derivatives[p];
        final float w = d[off + c];
        d[off + c] = w - feta * (g + rl1 * Math.signum(w) + rl2 * w);
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
      d[off + c] = (float) (penalized ? w - eta * (l1 * Math.signum(w) + l2 * w) : w);
    }
    markUpdated(store, off, penalized);
  }

  @Override
  protected L1SgdRows scaled(double factor) {
    return new L1SgdRows(new L1SgdHyperParams(eta0 * factor, schedule, l1, l2));
  }

  @Override
  public L1SgdRows copy() {
    return new L1SgdRows(hyper, t);
  }
}
