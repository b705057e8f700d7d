package io.sparkctr.optim.dense;

/**
 * Adam on mini-batches, in PyTorch's form (the form of Helen's own {@code second_step}, algorithms.md
 * section 9.2), lazy on the sparse rows.
 *
 * <p>Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
 * (https://arxiv.org/abs/1412.6980). At global step t (1-based, one per mini-batch), per updated
 * coordinate:
 *
 * <pre>
 *   m &lt;- beta1 m + (1 - beta1) g
 *   v &lt;- beta2 v + (1 - beta2) g^2
 *   w &lt;- w - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>The epsilon is added after the bias correction of sqrt(v) (PyTorch, Helen). TensorFlow's Adam, and
 * {@link io.sparkctr.optim.group.GroupAdamOptimizer}, use the "epsilon-hat" form {@code w -= lr_t m /
 * (sqrt(v) + eps_hat)} with {@code lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)}; the two are equal when
 * {@code eps_hat = eps sqrt(1 - beta2^t)}, so with one constant epsilon they differ by about
 * {@code eps / sqrt(v)} relative (1e-8 absolute on algorithms.md section 11.7's table).
 *
 * <p>Laziness (TensorFlow's {@code LazyAdam}): every dense coordinate is stepped every step (dense
 * Adam), but only the touched sparse rows are; an untouched row's m, v and weights do not change. The
 * bias correction uses the global step counter, also for a row first touched late (its m and v start
 * from 0 then). This departs from Helen's code, which runs dense Adam over whole tables, so that a row
 * absent from the batch still moves by its momentum. No weight decay (Helen's default is 0).
 */
public final class AdamStep extends SteppedDenseOptimizer {
  private static final long serialVersionUID = 1L;

  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  /** First moments m of the sparse rows, laid out as the rows. */
  private final double[] sparseM;
  /** Second moments v of the sparse rows, laid out as the rows. */
  private final double[] sparseV;
  /** First moments m of the dense parameters. */
  private final double[] denseM;
  /** Second moments v of the dense parameters. */
  private final double[] denseV;

  /** beta1 = 0.9, beta2 = 0.999, eps = 1e-8 (the defaults of PyTorch and Helen). */
  public AdamStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate) {
    this(layout, sparseLearningRate, denseLearningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  /**
   * @param sparseLearningRate rate of the sparse rows (Helen's {@code lr_embed}), finite and &gt;= 0
   * @param denseLearningRate rate of the dense parameters (Helen's {@code lr_net}), finite and &gt;= 0
   * @param beta1 decay of m, in [0, 1)
   * @param beta2 decay of v, in [0, 1)
   * @param epsilon added to the bias-corrected sqrt(v), finite and &gt;= 0
   */
  public AdamStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate, double beta1,
      double beta2, double epsilon) {
    super("Adam", layout, sparseLearningRate, denseLearningRate);
    DenseChecks.beta("Adam", "beta1", beta1);
    DenseChecks.beta("Adam", "beta2", beta2);
    DenseChecks.nonNegative("Adam", "epsilon", epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.sparseM = new double[layout.sparseSize()];
    this.sparseV = new double[layout.sparseSize()];
    this.denseM = new double[layout.denseSize()];
    this.denseV = new double[layout.denseSize()];
  }

  private AdamStep(AdamStep o) {
    super(o);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
    this.sparseM = o.sparseM.clone();
    this.sparseV = o.sparseV.clone();
    this.denseM = o.denseM.clone();
    this.denseV = o.denseV.clone();
  }

  @Override
  public void step(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
    DenseChecks.step(layout, sparse, dense, sparseGrad, denseGrad);
    t++;
    final double biasCorrection1 = 1.0 - Math.pow(beta1, t);
    final double sqrtBiasCorrection2 = Math.sqrt(1.0 - Math.pow(beta2, t));
    update(dense, 0, denseGrad, 0, denseM, denseV, dense.length, denseLearningRate / biasCorrection1,
        sqrtBiasCorrection2);
    final double sparseStepSize = sparseLearningRate / biasCorrection1;
    final int width = layout.rowWidth();
    final double[] g = sparseGrad.values();
    final int count = sparseGrad.count();
    for (int s = 0; s < count; s++) {
      update(sparse, sparseGrad.row(s) * width, g, s * width, sparseM, sparseV, width, sparseStepSize,
          sqrtBiasCorrection2);
    }
  }

  /** Steps {@code length} coordinates of w (m and v laid out as w) from {@code wBase}, g from {@code gBase}. */
  private void update(double[] w, int wBase, double[] g, int gBase, double[] m, double[] v, int length,
      double stepSize, double sqrtBiasCorrection2) {
    final double b1 = beta1;
    final double b2 = beta2;
    final double eps = epsilon;
    for (int c = 0; c < length; c++) {
      final int i = wBase + c;
      final double gc = g[gBase + c];
      final double mi = b1 * m[i] + (1.0 - b1) * gc;
      final double vi = b2 * v[i] + (1.0 - b2) * gc * gc;
      m[i] = mi;
      v[i] = vi;
      w[i] -= stepSize * (mi / (Math.sqrt(vi) / sqrtBiasCorrection2 + eps));
    }
  }

  /** The first moment of sparse coordinate {@code i} (indexed as the sparse parameters). */
  public double sparseM(int i) {
    return sparseM[i];
  }

  /** The second moment of sparse coordinate {@code i} (indexed as the sparse parameters). */
  public double sparseV(int i) {
    return sparseV[i];
  }

  /** The first moment of dense coordinate {@code i}. */
  public double denseM(int i) {
    return denseM[i];
  }

  /** The second moment of dense coordinate {@code i}. */
  public double denseV(int i) {
    return denseV[i];
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public double[][] sparseState() {
    return new double[][] {sparseM, sparseV};
  }

  @Override
  public double[][] denseState() {
    return new double[][] {denseM, denseV};
  }

  @Override
  public AdamStep copy() {
    return new AdamStep(this);
  }

  @Override
  public AdamStep withLayout(ParameterLayout parameters) {
    return new AdamStep(parameters, sparseLearningRate, denseLearningRate, beta1, beta2, epsilon);
  }
}
