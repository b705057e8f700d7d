package io.sparkctr.optim.rda;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SparseOnlineOptimizer;

/**
 * Enhanced l1-RDA (regularized dual averaging), per coordinate (algorithms.md section 5).
 *
 * <p>Reference: L. Xiao, "Dual Averaging Methods for Regularized Stochastic Learning and Online
 * Optimization", JMLR 11, 2010, section 6.1 (enhanced l1-RDA),
 * https://jmlr.org/papers/v11/xiao10a.html. With G_i = sum of g_i over the t ended steps and
 * gbar = G / t:
 *
 * <pre>
 *   lambda_t = l1 + gamma rho / sqrt(t)
 *   w_i      = soft(w0_i - (sqrt(t) / gamma) gbar_i, (sqrt(t) / gamma) lambda_t)
 *            = soft(w0_i - G_i / (gamma sqrt(t)), sqrt(t) l1 / gamma + rho)
 * </pre>
 *
 * With w0 = 0 this is the paper's closed form: w_i = 0 if |gbar_i| &lt;= lambda_t, else
 * -(sqrt(t) / gamma) (gbar_i - lambda_t sgn(gbar_i)).
 *
 * <p>Departures: (1) the prox term is centred at initial weights w0 (h(w) = ||w - w0||^2 / 2 instead of
 * ||w||^2 / 2, algorithms.md section 5 "Initialization pitfall"), so a random start survives; w0 = 0
 * (the default constructor) is the paper's form. (2) The intercept (coordinates &gt;= numRegularized)
 * gets neither l1 nor rho: w = w0 - G / (gamma sqrt(t)). (3) Before the first step (t = 0) the weight is
 * w0.
 *
 * <p>Lazy form: the weight is a pure function of (G_i, t), and t counts all steps, also those without
 * the coordinate (zero gradients), so an untouched coordinate's average decays as G_i / t with no
 * catch-up work. Merging: G and t are both additive (algorithms.md section 10).
 */
public final class RdaOptimizer implements SparseOnlineOptimizer {
  private static final long serialVersionUID = 1L;

  private final RdaHyperParams hyper;
  private final double gamma;
  private final double l1;
  private final double rho;
  private final int numRegularized;
  /** The prox centre w0 (null: all zero). */
  private final double[] w0;
  /** G_i, the sum of the coordinate's gradients over all steps (the dual average times t). */
  private final double[] gradientSum;
  /** Steps ended so far: RDA's t. */
  private long t;

  /** A zero prox centre (the paper's form). */
  public RdaOptimizer(RdaHyperParams hyper, int dimension, int numRegularized) {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    this.hyper = hyper;
    this.gamma = hyper.gamma();
    this.l1 = hyper.l1();
    this.rho = hyper.rho();
    this.numRegularized = numRegularized;
    this.w0 = null;
    this.gradientSum = new double[dimension];
  }

  /**
   * The prox centred at {@code initialWeights} (copied), e.g. a random start for embeddings.
   *
   * @param initialWeights w0, finite; its length is the dimension
   */
  public RdaOptimizer(RdaHyperParams hyper, double[] initialWeights, int numRegularized) {
    OptimizerChecks.checkLayout(initialWeights.length, numRegularized);
    for (int i = 0; i < initialWeights.length; i++) {
      if (!Double.isFinite(initialWeights[i])) {
        throw new IllegalArgumentException(
            "RDA initial weights MUST be finite, but got " + initialWeights[i] + " at " + i);
      }
    }
    this.hyper = hyper;
    this.gamma = hyper.gamma();
    this.l1 = hyper.l1();
    this.rho = hyper.rho();
    this.numRegularized = numRegularized;
    this.w0 = initialWeights.clone();
    this.gradientSum = new double[initialWeights.length];
  }

  private RdaOptimizer(RdaOptimizer o) {
    this.hyper = o.hyper;
    this.gamma = o.gamma;
    this.l1 = o.l1;
    this.rho = o.rho;
    this.numRegularized = o.numRegularized;
    this.w0 = o.w0 == null ? null : o.w0.clone();
    this.gradientSum = o.gradientSum.clone();
    this.t = o.t;
  }

  public RdaHyperParams hyper() {
    return hyper;
  }

  /** RDA's t: the number of steps ended so far. */
  public long steps() {
    return t;
  }

  /** G_i, the sum of coordinate i's gradients so far. */
  public double gradientSum(int i) {
    return gradientSum[i];
  }

  /**
   * Adds increments to the state, e.g. the summed deltas of partitions that started from this state
   * (algorithms.md section 10, pattern 2): G_i += dG[k] for i = indices[k], k &lt; count, and t += dt.
   */
  public void addIncrements(int[] indices, double[] dG, int count, long dt) {
    if (dt < 0) {
      throw new IllegalArgumentException("RDA step increment MUST be >= 0, but got " + dt);
    }
    for (int k = 0; k < count; k++) {
      gradientSum[indices[k]] += dG[k];
    }
    t += dt;
  }

  @Override
  public int dimension() {
    return gradientSum.length;
  }

  @Override
  public int numRegularized() {
    return numRegularized;
  }

  @Override
  public double weight(int i) {
    final double start = w0 == null ? 0.0 : w0[i];
    if (t == 0) {
      return start;
    }
    final double sqrtT = Math.sqrt((double) t);
    final double v = start - gradientSum[i] / (gamma * sqrtT);
    return i < numRegularized ? OptimizerChecks.soft(v, sqrtT * l1 / gamma + rho) : v;
  }

  @Override
  public void update(int i, double g, double w) {
    gradientSum[i] += g;
  }

  @Override
  public void endStep() {
    t++;
  }

  @Override
  public void weights(double[] out) {
    OptimizerChecks.checkBuffer(gradientSum.length, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }

  @Override
  public RdaOptimizer copy() {
    return new RdaOptimizer(this);
  }
}
