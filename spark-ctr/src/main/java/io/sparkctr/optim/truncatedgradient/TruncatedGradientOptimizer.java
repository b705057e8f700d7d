package io.sparkctr.optim.truncatedgradient;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SteppedWeightOptimizer;

/**
 * Truncated Gradient (TG), lazy per coordinate (algorithms.md section 3).
 *
 * <p>Reference: J. Langford, L. Li, T. Zhang, "Sparse Online Learning via Truncated Gradient", JMLR 10,
 * 2009 (NIPS 2008), https://jmlr.org/papers/v10/langford09a.html. Per coordinate at step s:
 *
 * <pre>
 *   T1(v, alpha, theta) = max(0, v - alpha)   if 0 &lt;= v &lt;= theta
 *                       = min(0, v + alpha)   if -theta &lt;= v &lt; 0
 *                       = v                   otherwise
 *   w &lt;- T1(w - eta_s g, eta_s G_s, theta),   G_s = K l1 if s mod K == 0, else 0
 * </pre>
 *
 * {@code l1} is the paper's gravity g. Special cases: l1 = 0 is plain SGD; theta = +inf, K = 1 is the
 * L1-FOBOS step soft(w - eta g, eta l1).
 *
 * <p>Lazy form (the paper's time-stamp idea, with the cumulative-penalty bookkeeping of Tsuruoka et
 * al. 2009): we keep E = sum of eta_s over ended truncation steps, and per coordinate the value of E
 * when it was last current. On read, T1(w, K l1 (E - E_i), theta) is applied once. Exact up to rounding:
 * shrinking toward 0 composes (max(0, max(0, v - a) - b) = max(0, v - a - b)), and an untouched weight
 * with |w| &gt; theta never changes while one with |w| &lt;= theta stays below theta. O(1) per read for
 * either schedule, with O(1) extra state per coordinate.
 *
 * <p>Departures: the intercept (coordinates &gt;= numRegularized) is never truncated.
 */
public final class TruncatedGradientOptimizer extends SteppedWeightOptimizer {
  private static final long serialVersionUID = 1L;

  private final TruncatedGradientHyperParams hyper;
  /** K * gravity: the shrinkage per unit of learning rate at a truncation step. */
  private final double gravityK;
  private final double theta;
  private final long k;
  /** Per coordinate, the global {@link #etaSum} when w[i] was last brought current. */
  private final double[] etaSumAt;
  /** Sum of eta_s over the ended truncation steps s (s mod K == 0). */
  private double etaSum;

  public TruncatedGradientOptimizer(TruncatedGradientHyperParams hyper, int dimension, int numRegularized) {
    super(hyper.eta0(), hyper.schedule(), dimension, numRegularized);
    this.hyper = hyper;
    this.gravityK = hyper.k() * hyper.l1();
    this.theta = hyper.theta();
    this.k = hyper.k();
    this.etaSumAt = new double[dimension];
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public TruncatedGradientOptimizer(TruncatedGradientHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("TG", initialWeights).length, numRegularized);
    startFrom(initialWeights);
  }

  private TruncatedGradientOptimizer(TruncatedGradientOptimizer o) {
    super(o);
    this.hyper = o.hyper;
    this.gravityK = o.gravityK;
    this.theta = o.theta;
    this.k = o.k;
    this.etaSumAt = o.etaSumAt.clone();
    this.etaSum = o.etaSum;
  }

  public TruncatedGradientHyperParams hyper() {
    return hyper;
  }

  /** T1(v, alpha, theta) for alpha &gt;= 0. */
  static double t1(double v, double alpha, double theta) {
    if (v >= 0) {
      return v <= theta ? Math.max(0.0, v - alpha) : v;
    }
    return v >= -theta ? Math.min(0.0, v + alpha) : v;
  }

  @Override
  public double weight(int i) {
    final double missed = etaSum - etaSumAt[i];
    if (missed != 0.0) {
      if (i < numRegularized) {
        w[i] = t1(w[i], gravityK * missed, theta);
      }
      etaSumAt[i] = etaSum;
    }
    return w[i];
  }

  @Override
  public void update(int i, double g, double wi) {
    final long s = t + 1;
    final double eta = schedule.rate(eta0, s);
    final double v = wi - eta * g;
    if (s % k == 0) {
      w[i] = i < numRegularized ? t1(v, eta * gravityK, theta) : v;
      etaSumAt[i] = etaSum + eta; // the same sum endStep forms: i is current as of step s
    } else {
      w[i] = v;
    }
  }

  @Override
  public void mergeWeight(int i, double wi) {
    // One truncation now, whatever the step (an average must not revive a weight T1 would zero), at
    // this step's rate; then i is current: at a truncation step the sum endStep forms includes it.
    final long s = t + 1;
    final double eta = schedule.rate(eta0, s);
    w[i] = i < numRegularized ? t1(wi, eta * gravityK, theta) : wi;
    etaSumAt[i] = s % k == 0 ? etaSum + eta : etaSum;
  }

  @Override
  public void endStep() {
    t++;
    if (t % k == 0) {
      etaSum += schedule.rate(eta0, t);
    }
  }

  @Override
  public TruncatedGradientOptimizer withStepSizeScaled(double factor) {
    return new TruncatedGradientOptimizer(new TruncatedGradientHyperParams(hyper.eta0() * factor, hyper.schedule(), hyper.l1(), hyper.theta(), hyper.k()), currentWeights(), numRegularized);
  }

  @Override
  public TruncatedGradientOptimizer copy() {
    return new TruncatedGradientOptimizer(this);
  }
}
