package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.WeightAveraging;

/**
 * Diagonal AdaGrad, unregularised: the adaptive baseline.
 *
 * <p>Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12, 2011 (diagonal form). Per coordinate:
 *
 * <pre>
 *   n &lt;- n + g^2;    w &lt;- w - eta / (beta + sqrt(n)) * g        (n starts at initialAccumulator)
 * </pre>
 *
 * <p>We use the "beta" form of McMahan et al. 2013 (beta added to sqrt(n)) rather than an epsilon
 * under or beside the square root; with beta = epsilon it is the common "sqrt(n) + eps" form. With
 * initialAccumulator = 0 it equals FTRL-Proximal with l1 = l2 = 0 and alpha = eta (algorithms.md
 * section 6.5), which the tests check. A zero gradient leaves the coordinate unchanged (also when
 * beta = n = 0, where the formula would read 0/0).
 *
 * <p>No penalty, hence nothing to catch up: untouched coordinates do not change. The intercept is
 * treated like every other coordinate.
 */
public final class AdaGradOptimizer implements WeightAveraging {
  private static final long serialVersionUID = 1L;

  private final AdaGradHyperParams hyper;
  private final double eta;
  private final double beta;
  private final int numRegularized;
  private final double[] w;
  /** The AdaGrad accumulator n_i = initialAccumulator + sum of g_i^2. */
  private final double[] n;

  public AdaGradOptimizer(AdaGradHyperParams hyper, int dimension, int numRegularized) {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    this.hyper = hyper;
    this.eta = hyper.eta();
    this.beta = hyper.beta();
    this.numRegularized = numRegularized;
    this.w = new double[dimension];
    this.n = new double[dimension];
    java.util.Arrays.fill(n, hyper.initialAccumulator());
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public AdaGradOptimizer(AdaGradHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("AdaGrad", initialWeights).length, numRegularized);
    System.arraycopy(initialWeights, 0, w, 0, initialWeights.length);
  }

  private AdaGradOptimizer(AdaGradOptimizer o) {
    this.hyper = o.hyper;
    this.eta = o.eta;
    this.beta = o.beta;
    this.numRegularized = o.numRegularized;
    this.w = o.w.clone();
    this.n = o.n.clone();
  }

  public AdaGradHyperParams hyper() {
    return hyper;
  }

  /** The accumulator of coordinate i. */
  public double n(int i) {
    return n[i];
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
    return w[i];
  }

  @Override
  public void update(int i, double g, double wi) {
    if (g == 0.0) {
      return;
    }
    final double ni = n[i] + g * g;
    n[i] = ni;
    w[i] = wi - eta / (beta + Math.sqrt(ni)) * g;
  }

  @Override
  public void mergeWeight(int i, double wi) {
    w[i] = wi; // AdaGrad has no penalty to re-apply
  }

  @Override
  public double accumulatorIncrement(SparseOnlineOptimizer base, int i) {
    return n[i] - ((AdaGradOptimizer) base).n[i];
  }

  @Override
  public void addAccumulator(int i, double increment) {
    n[i] += increment;
  }

  @Override
  public void endStep() {}

  @Override
  public void weights(double[] out) {
    OptimizerChecks.checkBuffer(w.length, out);
    System.arraycopy(w, 0, out, 0, w.length);
  }

  @Override
  public AdaGradOptimizer copy() {
    return new AdaGradOptimizer(this);
  }
}
