package io.sparkctr.optim.truncation;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SteppedWeightOptimizer;

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
public final class TruncationOptimizer extends SteppedWeightOptimizer {
  private static final long serialVersionUID = 1L;

  private final TruncationHyperParams hyper;
  private final double theta;
  private final long k;
  /** Per coordinate, the number of ended steps w[i] reflects. */
  private final long[] last;

  public TruncationOptimizer(TruncationHyperParams hyper, int dimension, int numRegularized) {
    super(hyper.eta0(), hyper.schedule(), dimension, numRegularized);
    this.hyper = hyper;
    this.theta = hyper.theta();
    this.k = hyper.k();
    this.last = new long[dimension];
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public TruncationOptimizer(TruncationHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("Truncation", initialWeights).length, numRegularized);
    startFrom(initialWeights);
  }

  private TruncationOptimizer(TruncationOptimizer o) {
    super(o);
    this.hyper = o.hyper;
    this.theta = o.theta;
    this.k = o.k;
    this.last = o.last.clone();
  }

  public TruncationHyperParams hyper() {
    return hyper;
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
  public TruncationOptimizer withStepSizeScaled(double factor) {
    return new TruncationOptimizer(new TruncationHyperParams(hyper.eta0() * factor, hyper.schedule(), hyper.theta(), hyper.k()), currentWeights(), numRegularized);
  }

  @Override
  public TruncationOptimizer copy() {
    return new TruncationOptimizer(this);
  }
}
