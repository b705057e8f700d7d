package io.sparkctr.optim.dense;

/**
 * Sharpness-aware minimization around a base optimizer (algorithms.md section 8).
 *
 * <p>Reference: P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, "Sharpness-Aware Minimization for
 * Efficiently Improving Generalization", ICLR 2021 (https://arxiv.org/abs/2010.01412); the step follows
 * the reference code {@code davda54/sam}. Per mini-batch:
 *
 * <pre>
 *   g     = grad L_B(w)                                  first evaluation
 *   e     = rho * g / (||g||_2 + 1e-12)                  norm over ALL parameters: the touched rows
 *                                                        (first-order weights and embeddings) and dense
 *   g_sam = grad L_B(w + e)                              second evaluation
 *   w     = the saved w (copied back, not w + e - e)
 *   base step with g_sam
 * </pre>
 *
 * <p>Only the touched rows and the dense parameters are perturbed: an untouched row's gradient is 0, so
 * its e is 0 anyway. The 1e-12 keeps a zero gradient from dividing by zero (then e = 0); it makes
 * {@code ||e||} smaller than rho by a relative 1e-12 / ||g||. With {@code rho = 0} the second evaluation
 * is skipped (e = 0 would give the same gradient again): the step is the base optimizer's, bit for bit.
 * Otherwise every step evaluates the oracle exactly twice.
 *
 * <p>Under data parallelism each partition perturbs with its own gradient (SAM's m-sharpness, the
 * reference code's default {@code sync_perturbations = False}); that is the trainer's choice, not this
 * class's.
 */
public final class SamStep implements BatchStep {
  /** The reference code's default radius. */
  public static final double DEFAULT_RHO = 0.05;
  /** Added to ||g|| as in the reference code, so a zero gradient gives e = 0. */
  static final double NORM_EPSILON = 1e-12;

  private final DenseOptimizer base;
  private final double rho;
  private final ParameterLayout layout;
  private final Evaluation first;
  private final Evaluation second;
  private final SavedParameters saved;
  private int lastEvaluations;

  /**
   * @param base the optimizer that applies the sharpness-aware gradient
   * @param rho the perturbation radius, finite and &gt;= 0 (0: the base optimizer alone)
   */
  public SamStep(DenseOptimizer base, double rho) {
    DenseChecks.nonNegative("SAM", "rho", rho);
    this.base = base;
    this.rho = rho;
    this.layout = base.layout();
    this.first = new Evaluation(layout);
    this.second = new Evaluation(layout);
    this.saved = new SavedParameters(layout);
  }

  @Override
  public double step(double[] sparse, double[] dense, GradientOracle oracle) {
    layout.checkParameters(sparse, dense);
    lastEvaluations = 1;
    final double loss = first.run(oracle, sparse, dense);
    if (rho == 0.0) {
      base.step(sparse, dense, first.sparseGrad, first.denseGrad);
      return loss;
    }
    final SparseGradient g = first.sparseGrad;
    final double[] gDense = first.denseGrad;
    final double[] gRows = g.values();
    final int used = g.count() * layout.rowWidth();
    double normSquared = 0.0;
    for (int i = 0; i < gDense.length; i++) {
      normSquared += gDense[i] * gDense[i];
    }
    for (int i = 0; i < used; i++) {
      normSquared += gRows[i] * gRows[i];
    }
    final double scale = rho / (Math.sqrt(normSquared) + NORM_EPSILON);

    saved.save(sparse, dense, g, true);
    try {
      for (int i = 0; i < gDense.length; i++) {
        dense[i] += scale * gDense[i];
      }
      final int width = layout.rowWidth();
      final int count = g.count();
      for (int s = 0; s < count; s++) {
        final int rowBase = g.row(s) * width;
        final int gBase = s * width;
        for (int c = 0; c < width; c++) {
          sparse[rowBase + c] += scale * gRows[gBase + c];
        }
      }
      lastEvaluations = 2;
      second.run(oracle, sparse, dense);
    } finally {
      saved.restore(sparse, dense); // also when the oracle throws: never leave w + e behind
    }
    base.step(sparse, dense, second.sparseGrad, second.denseGrad);
    return loss;
  }

  public double rho() {
    return rho;
  }

  @Override
  public int lastEvaluations() {
    return lastEvaluations;
  }

  @Override
  public DenseOptimizer base() {
    return base;
  }

  @Override
  public SamStep copy() {
    return new SamStep(base.copy(), rho);
  }
}
