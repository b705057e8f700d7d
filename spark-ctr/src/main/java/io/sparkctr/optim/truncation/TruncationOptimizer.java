package io.sparkctr.optim.truncation;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.WeightAveraging;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * Simple truncation ("coefficient rounding"), lazy per coordinate (algorithms.md section 2).
 *
 * <p>Reference: the baseline of J. Langford, L. Li, T. Zhang, "Sparse Online Learning via Truncated
 * Gradient", JMLR 10, 2009 (section 3.1). Per coordinate at step s:
 *
 * <pre>
 *   T0(v, theta) = 0 if |v| &lt;= theta, else v
 *   w &lt;- T0(w - eta_s g, theta_s),    theta_s = theta if s mod K == 0, else 0
 * </pre>
 *
 * Between truncation steps this is plain SGD. Note T0(v, 0) = v, so theta = 0 is plain SGD.
 *
 * <p>Lazy form: an untouched coordinate does not change between truncation steps and T0 is idempotent,
 * so on read T0 is applied once if at least one truncation step (s mod K == 0) ended since the
 * coordinate was last current: floor(t / K) &gt; floor(last / K). Exact (no rounding at all).
 *
 * <p>Departures: the intercept (coordinates &gt;= numRegularized) is never truncated.
 */
public final class TruncationOptimizer implements WeightAveraging {
  private static final long serialVersionUID = 1L;

  private final TruncationHyperParams hyper;
  private final double eta0;
  private final LearningRateSchedule schedule;
  private final double theta;
  private final long k;
  private final int numRegularized;
  private final double[] w;
  /** Per coordinate, the number of ended steps w[i] reflects. */
  private final long[] last;
  /** Steps ended so far. */
  private long t;

  public TruncationOptimizer(TruncationHyperParams hyper, int dimension, int numRegularized) {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    this.hyper = hyper;
    this.eta0 = hyper.eta0();
    this.schedule = hyper.schedule();
    this.theta = hyper.theta();
    this.k = hyper.k();
    this.numRegularized = numRegularized;
    this.w = new double[dimension];
    this.last = new long[dimension];
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public TruncationOptimizer(TruncationHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("Truncation", initialWeights).length, numRegularized);
    System.arraycopy(initialWeights, 0, w, 0, initialWeights.length);
  }

  private TruncationOptimizer(TruncationOptimizer o) {
    this.hyper = o.hyper;
    this.eta0 = o.eta0;
    this.schedule = o.schedule;
    this.theta = o.theta;
    this.k = o.k;
    this.numRegularized = o.numRegularized;
    this.w = o.w.clone();
    this.last = o.last.clone();
    this.t = o.t;
  }

  public TruncationHyperParams hyper() {
    return hyper;
  }

  /** Steps ended so far. */
  public long steps() {
    return t;
  }

  @Override
  public int dimension() {
    return w.length;
  }

  @Override
  public int numRegularized() {
    return numRegularized;
  }

  @Override
  public double weight(int i) {
    final long li = last[i];
    if (li < t) {
      if (i < numRegularized && t / k > li / k && Math.abs(w[i]) <= theta) {
        w[i] = 0.0;
      }
      last[i] = t;
    }
    return w[i];
  }

  @Override
  public void update(int i, double g, double wi) {
    assert last[i] == t : "weight(" + i + ") must be read before update in a step, once";
    final long s = t + 1;
    final double v = wi - schedule.rate(eta0, s) * g;
    w[i] = i < numRegularized && s % k == 0 && Math.abs(v) <= theta ? 0.0 : v;
    last[i] = s;
  }

  @Override
  public void mergeWeight(int i, double wi) {
    // Truncate now, whatever the step: an average must not revive a weight T0 would zero.
    w[i] = i < numRegularized && Math.abs(wi) <= theta ? 0.0 : wi;
    last[i] = t + 1;
  }

  @Override
  public void endStep() {
    t++;
  }

  @Override
  public void weights(double[] out) {
    OptimizerChecks.checkBuffer(w.length, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }

  @Override
  public TruncationOptimizer copy() {
    return new TruncationOptimizer(this);
  }
}
