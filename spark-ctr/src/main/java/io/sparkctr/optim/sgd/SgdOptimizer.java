package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SteppedWeightOptimizer;

/**
 * Plain stochastic gradient descent with optional L2 (weight decay), lazy per coordinate: the baseline.
 *
 * <p>Reference: the textbook rule (e.g. L. Bottou, "Stochastic Gradient Descent Tricks", 2012), per
 * coordinate at step s:
 *
 * <pre>
 *   w &lt;- w - eta_s (g + l2 w)        penalty (l2/2)||w||^2, eta_s from the schedule
 * </pre>
 *
 * <p>Lazy form (algorithms.md section 1, L2 alone): a coordinate not updated at step s only decays,
 * w &lt;- (1 - eta_s l2) w. We keep the running sum L = sum_s log(1 - eta_s l2) over all ended steps and,
 * per coordinate, the value of L when it was last current; on read, w &lt;- w exp(L - L_i). O(1) for
 * either schedule; the relative error is about |L| ulp, far below 1e-12 for any realistic run.
 * Requires eta0 l2 &lt; 1 (checked by {@link SgdHyperParams}).
 *
 * <p>Departures: the intercept (coordinates &gt;= numRegularized) is never decayed.
 */
public final class SgdOptimizer extends SteppedWeightOptimizer {
  private static final long serialVersionUID = 1L;

  private final SgdHyperParams hyper;
  private final double l2;
  /** Per coordinate, the global {@link #logDecay} when w[i] was last brought current (null if l2 = 0). */
  private final double[] logDecayAt;
  /** sum over ended steps s of log(1 - eta_s l2). */
  private double logDecay;

  /**
   * A zero start.
   *
   * @param hyper the hyperparameters
   * @param dimension number of coordinates (features plus intercept)
   * @param numRegularized coordinates {@code [0, numRegularized)} get l2; the rest (intercept) none
   */
  public SgdOptimizer(SgdHyperParams hyper, int dimension, int numRegularized) {
    super(hyper.eta0(), hyper.schedule(), dimension, numRegularized);
    this.hyper = hyper;
    this.l2 = hyper.l2();
    this.logDecayAt = l2 > 0 ? new double[dimension] : null;
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public SgdOptimizer(SgdHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("SGD", initialWeights).length, numRegularized);
    startFrom(initialWeights);
  }

  private SgdOptimizer(SgdOptimizer o) {
    super(o);
    this.hyper = o.hyper;
    this.l2 = o.l2;
    this.logDecayAt = o.logDecayAt == null ? null : o.logDecayAt.clone();
    this.logDecay = o.logDecay;
  }

  public SgdHyperParams hyper() {
    return hyper;
  }

  @Override
  public double weight(int i) {
    if (logDecayAt != null && i < numRegularized) {
      final double missed = logDecay - logDecayAt[i];
      if (missed != 0.0) {
        w[i] *= Math.exp(missed);
        logDecayAt[i] = logDecay;
      }
    }
    return w[i];
  }

  @Override
  public void update(int i, double g, double wi) {
    final double eta = schedule.rate(eta0, t + 1);
    final double penalty = i < numRegularized ? l2 * wi : 0.0;
    w[i] = wi - eta * (g + penalty);
    if (logDecayAt != null && i < numRegularized) {
      // This step's decay is in the update; mark i current as of the end of this step.
      logDecayAt[i] = logDecay + Math.log1p(-eta * l2);
    }
  }

  @Override
  public void mergeWeight(int i, double wi) {
    update(i, 0.0, wi); // the step's penalty or proximal part, with a zero gradient
  }

  @Override
  public void endStep() {
    t++;
    if (l2 > 0) {
      logDecay += Math.log1p(-schedule.rate(eta0, t) * l2);
    }
  }

  @Override
  public SgdOptimizer withStepSizeScaled(double factor) {
    return new SgdOptimizer(new SgdHyperParams(hyper.eta0() * factor, hyper.schedule(), hyper.l2()), currentWeights(), numRegularized);
  }

  @Override
  public SgdOptimizer copy() {
    return new SgdOptimizer(this);
  }
}
