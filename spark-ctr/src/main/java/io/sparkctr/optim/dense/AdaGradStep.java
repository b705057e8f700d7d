package io.sparkctr.optim.dense;

import java.util.Arrays;

/**
 * Diagonal AdaGrad on mini-batches, in PyTorch's form ({@code torch.optim.Adagrad} without lr decay and
 * weight decay). Per coordinate, with {@code n} starting at {@code initialAccumulator}:
 *
 * <pre>
 *   n &lt;- n + g^2
 *   w &lt;- w - lr * g / (sqrt(n) + eps)
 * </pre>
 *
 * <p>Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12, 2011. The epsilon sits beside the square root as in PyTorch (and
 * TF 2's {@code Adagrad}); {@link io.sparkctr.optim.sgd.AdaGradOptimizer} is the per-example sparse
 * variant in McMahan's "beta" form, the same formula with {@code beta = eps}.
 *
 * <p>Departures from PyTorch: only touched rows are stepped (for AdaGrad this is also the eager result,
 * as a zero gradient changes neither n nor w), and a coordinate whose gradient is exactly 0 is skipped,
 * so {@code n = eps = 0} never gives 0/0.
 */
public final class AdaGradStep extends SteppedDenseOptimizer {
  private static final long serialVersionUID = 1L;

  /** PyTorch's default epsilon. */
  public static final double DEFAULT_EPSILON = 1e-10;

  private final double initialAccumulator;
  private final double epsilon;
  /** The accumulators n of the sparse rows, laid out as the rows. */
  private final double[] sparseN;
  /** The accumulators n of the dense parameters. */
  private final double[] denseN;

  /** {@code initialAccumulator = 0}, {@code eps = 1e-10} (PyTorch's defaults). */
  public AdaGradStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate) {
    this(layout, sparseLearningRate, denseLearningRate, 0.0, DEFAULT_EPSILON);
  }

  /**
   * @param sparseLearningRate rate of the sparse rows, finite and &gt;= 0
   * @param denseLearningRate rate of the dense parameters, finite and &gt;= 0
   * @param initialAccumulator the starting n of every coordinate, finite and &gt;= 0 (PyTorch 0, TF 0.1)
   * @param epsilon added to sqrt(n), finite and &gt;= 0
   */
  public AdaGradStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate,
      double initialAccumulator, double epsilon) {
    super("AdaGrad", layout, sparseLearningRate, denseLearningRate);
    DenseChecks.nonNegative("AdaGrad", "initialAccumulator", initialAccumulator);
    DenseChecks.nonNegative("AdaGrad", "epsilon", epsilon);
    this.initialAccumulator = initialAccumulator;
    this.epsilon = epsilon;
    this.sparseN = new double[layout.sparseSize()];
    this.denseN = new double[layout.denseSize()];
    Arrays.fill(sparseN, initialAccumulator);
    Arrays.fill(denseN, initialAccumulator);
  }

  private AdaGradStep(AdaGradStep o) {
    super(o);
    this.initialAccumulator = o.initialAccumulator;
    this.epsilon = o.epsilon;
    this.sparseN = o.sparseN.clone();
    this.denseN = o.denseN.clone();
  }

  @Override
  public void step(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
    DenseChecks.step(layout, sparse, dense, sparseGrad, denseGrad);
    t++;
    update(dense, 0, denseGrad, 0, denseN, dense.length, denseLearningRate);
    final int width = layout.rowWidth();
    final double[] g = sparseGrad.values();
    final int count = sparseGrad.count();
    for (int s = 0; s < count; s++) {
      update(sparse, sparseGrad.row(s) * width, g, s * width, sparseN, width, sparseLearningRate);
    }
  }

  /** Steps {@code length} coordinates of w (and n, laid out as w) from {@code wBase} with g from {@code gBase}. */
  private void update(double[] w, int wBase, double[] g, int gBase, double[] n, int length, double lr) {
    final double eps = epsilon;
    for (int c = 0; c < length; c++) {
      final double gc = g[gBase + c];
      if (gc == 0.0) {
        continue;
      }
      final int i = wBase + c;
      final double ni = n[i] + gc * gc;
      n[i] = ni;
      w[i] -= lr * (gc / (Math.sqrt(ni) + eps));
    }
  }

  /** The accumulator of sparse coordinate {@code i} (indexed as the sparse parameters). */
  public double sparseAccumulator(int i) {
    return sparseN[i];
  }

  /** The accumulator of dense coordinate {@code i}. */
  public double denseAccumulator(int i) {
    return denseN[i];
  }

  public double initialAccumulator() {
    return initialAccumulator;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public double[][] sparseState() {
    return new double[][] {sparseN};
  }

  @Override
  public double[][] denseState() {
    return new double[][] {denseN};
  }

  @Override
  public AdaGradStep copy() {
    return new AdaGradStep(this);
  }

  @Override
  public AdaGradStep withLayout(ParameterLayout parameters) {
    return new AdaGradStep(parameters, sparseLearningRate, denseLearningRate, initialAccumulator, epsilon);
  }
}
