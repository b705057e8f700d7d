package io.sparkctr.optim.truncation;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.sgd.SteppedRows;

/**
 * Simple truncation ("coefficient rounding") over parameter rows, the row form of
 * {@link TruncationOptimizer} (algorithms.md section 2).
 *
 * <p>Reference: the baseline of J. Langford, L. Li, T. Zhang, "Sparse Online Learning via Truncated
 * Gradient", JMLR 10, 2009 (section 3.1). Per parameter at step s:
 *
 * <pre>
 *   T0(v, theta) = 0 if |v| &lt;= theta, else v
 *   w &lt;- T0(w - eta_s g, theta_s),    theta_s = theta if s mod K == 0, else 0
 * </pre>
 *
 * <p>Row of width W: the weights only, 4 bytes per parameter, and with theta &gt; 0 the store's int clock
 * per row. Lazy form, as the double form: an untouched row does not change between truncation steps and T0
 * is idempotent, so on read T0 is applied once to each weight of the row if a truncation step ended since
 * its clock: floor(t / K) &gt; floor(clock / K). Exact.
 *
 * <p>Departures from the double form: the row's int clock replaces the per-coordinate last step; float
 * weights, compared with theta in float, so a weight within float rounding of theta may be kept by one form
 * and zeroed by the other. The intercept (an unpenalised table) is never truncated.
 */
public final class TruncationRows extends SteppedRows<TruncationRows> {
  private static final long serialVersionUID = 1L;

  private final TruncationHyperParams hyper;
  private final double theta;
  private final long k;

  public TruncationRows(TruncationHyperParams hyper) {
    this(hyper, 0L);
  }

  private TruncationRows(TruncationHyperParams hyper, long t) {
    super(hyper.eta0(), hyper.schedule(), t);
    this.hyper = hyper;
    this.theta = hyper.theta();
    this.k = hyper.k();
  }

  public TruncationHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "truncation";
  }

  @Override
  public boolean clocked() {
    return theta > 0;
  }

  @Override
  protected void catchUp(float[] d, int off, int width, long from, long to) {
    if (to / k > from / k) {
      for (int c = 0; c < width; c++) {
        if (Math.abs(d[off + c]) <= theta) {
          d[off + c] = 0f;
        }
      }
    }
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final long s = t + 1;
    final float feta = (float) rate(s);
    final boolean truncate = penalized && s % k == 0;
    final float fmult = (float) multiplier;
    for (int r = 0, p = 0; r < count; r++) {
      final int off = offsets[r];
      for (int c = 0; c < width; c++, p++) {
        final float v = d[off + c] - feta * (fmult * (float) derivatives[p]);
        d[off + c] = truncate && Math.abs(v) <= theta ? 0f : v;
      }
    }
    markUpdated(store, offsets, count, penalized);
    return 0.0;
  }

  /** Truncates now, whatever the step (as the double form): an average must not revive a weight T0 zeroes. */
  @Override
  public void mergeWeights(RowStore store, int off, int width, boolean penalized, double[] weights, int from) {
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      final double w = weights[from + c];
      d[off + c] = penalized && Math.abs(w) <= theta ? 0f : (float) w;
    }
    markUpdated(store, off, penalized);
  }

  @Override
  protected TruncationRows scaled(double factor) {
    return new TruncationRows(new TruncationHyperParams(eta0 * factor, schedule, theta, (int) k));
  }

  @Override
  public TruncationRows copy() {
    return new TruncationRows(hyper, t);
  }
}
