package io.sparkctr.optim.fobos;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SteppedWeightOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * L1-FOBOS (forward-backward splitting) with elastic net, lazy per coordinate (algorithms.md
 * section 4).
 *
 * <p>Reference: J. Duchi, Y. Singer, "Efficient Online and Batch Learning Using Forward Backward
 * Splitting", JMLR 10, 2009, https://jmlr.org/papers/v10/duchi09a.html. Per coordinate at step s,
 * with soft(v, a) = sgn(v) max(|v| - a, 0):
 *
 * <pre>
 *   w_half = w - eta_s g
 *   w      = soft(w_half, eta_s l1) / (1 + eta_s l2)     penalty l1 ||w||_1 + (l2/2) ||w||^2
 * </pre>
 *
 * The backward step uses eta_s (the paper allows eta_{s+1}), and l2 means (l2/2)||w||^2, both as
 * TensorFlow's ApplyProximalGradientDescent. The output is exactly 0 whenever |w_half| &lt;= eta_s l1.
 *
 * <p>Lazy form: an untouched coordinate only receives backward steps.
 *
 * <ul>
 *   <li>l2 = 0, either schedule, O(1): soft(w, l1 sum of the skipped eta_s), from a running sum of eta
 *       over all ended steps and its value per coordinate when last current (soft thresholds compose);
 *   <li>l2 &gt; 0, constant schedule, O(1): on a = |w|, each step is a &lt;- max(a - eta l1, 0) / (1 +
 *       eta l2), so after k steps a_k = max(q^k (a + l1/l2) - l1/l2, 0) with q = 1 / (1 + eta l2);
 *   <li>l2 &gt; 0, invSqrt schedule: the k skipped backward steps are replayed one by one, O(k) per read,
 *       stopping at 0 (a fixed point). Over a run a coordinate's replays cost at most the number of
 *       steps, i.e. never more than the eager form.
 * </ul>
 *
 * <p>Departures: the intercept (coordinates &gt;= numRegularized) gets plain gradient steps.
 */
public final class FobosOptimizer extends SteppedWeightOptimizer {
  private static final long serialVersionUID = 1L;

  private final FobosHyperParams hyper;
  private final double l1;
  private final double l2;
  /** l2 = 0 only: per coordinate, the global {@link #etaSum} when w[i] was last current (else null). */
  private final double[] etaSumAt;
  /** l2 &gt; 0 only: per coordinate, the number of ended steps w[i] reflects (else null). */
  private final long[] last;
  /** Sum of eta_s over the ended steps. */
  private double etaSum;

  public FobosOptimizer(FobosHyperParams hyper, int dimension, int numRegularized) {
    super(hyper.eta0(), hyper.schedule(), dimension, numRegularized);
    this.hyper = hyper;
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
    this.etaSumAt = l2 == 0 ? new double[dimension] : null;
    this.last = l2 == 0 ? null : new long[dimension];
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public FobosOptimizer(FobosHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("FOBOS", initialWeights).length, numRegularized);
    startFrom(initialWeights);
  }

  private FobosOptimizer(FobosOptimizer o) {
    super(o);
    this.hyper = o.hyper;
    this.l1 = o.l1;
    this.l2 = o.l2;
    this.etaSumAt = o.etaSumAt == null ? null : o.etaSumAt.clone();
    this.last = o.last == null ? null : o.last.clone();
    this.etaSum = o.etaSum;
  }

  public FobosHyperParams hyper() {
    return hyper;
  }

  @Override
  public double weight(int i) {
    if (etaSumAt != null) {
      final double missed = etaSum - etaSumAt[i];
      if (missed != 0.0) {
        if (i < numRegularized) {
          w[i] = OptimizerChecks.soft(w[i], l1 * missed);
        }
        etaSumAt[i] = etaSum;
      }
    } else if (last[i] < t) {
      if (i < numRegularized) {
        w[i] = elasticNetCatchUp(w[i], last[i], t);
      }
      last[i] = t;
    }
    return w[i];
  }

  private double elasticNetCatchUp(double wi, long from, long to) {
    return elasticNetCatchUp(wi, from, to, eta0, schedule, l1, l2);
  }

  /**
   * The backward steps {@code from + 1 .. to} with l2 &gt; 0 on a coordinate with weight wi: the one
   * implementation, which {@link FobosRows} shares.
   */
  static double elasticNetCatchUp(double wi, long from, long to, double eta0, LearningRateSchedule schedule,
      double l1, double l2) {
    if (wi == 0.0) {
      return 0.0;
    }
    double a = Math.abs(wi);
    if (schedule == LearningRateSchedule.CONSTANT) {
      final double q = 1.0 / (1.0 + eta0 * l2);
      final double c = l1 / l2;
      a = Math.max(Math.pow(q, (double) (to - from)) * (a + c) - c, 0.0);
    } else {
      for (long s = from + 1; s <= to && a > 0.0; s++) {
        final double eta = schedule.rate(eta0, s);
        a = Math.max(a - eta * l1, 0.0) / (1.0 + eta * l2);
      }
    }
    return wi > 0 ? a : -a;
  }

  @Override
  public void update(int i, double g, double wi) {
    final long s = t + 1;
    final double eta = schedule.rate(eta0, s);
    final double half = wi - eta * g;
    w[i] = i < numRegularized ? OptimizerChecks.soft(half, eta * l1) / (1.0 + eta * l2) : half;
    if (etaSumAt != null) {
      etaSumAt[i] = etaSum + eta; // the same sum endStep forms: i is current as of step s
    } else {
      last[i] = s;
    }
  }

  @Override
  public void mergeWeight(int i, double wi) {
    update(i, 0.0, wi); // the step's penalty or proximal part, with a zero gradient
  }

  @Override
  public void endStep() {
    t++;
    if (etaSumAt != null) {
      etaSum += schedule.rate(eta0, t);
    }
  }

  @Override
  public FobosOptimizer withStepSizeScaled(double factor) {
    return new FobosOptimizer(new FobosHyperParams(hyper.eta0() * factor, hyper.schedule(), hyper.l1(), hyper.l2()), currentWeights(), numRegularized);
  }

  @Override
  public FobosOptimizer copy() {
    return new FobosOptimizer(this);
  }
}
