package io.sparkctr.optim.dense;

/**
 * Plain mini-batch SGD: {@code w <- w - lr * g}, with {@code lr} the sparse rate on the touched rows and
 * the dense rate on the dense parameters. No state besides the step counter; an untouched row does not
 * move, which for SGD is also the eager result (its gradient is 0).
 */
public final class SgdStep implements DenseOptimizer {
  private static final long serialVersionUID = 1L;

  private final ParameterLayout layout;
  private double sparseLearningRate;
  private double denseLearningRate;
  private long t;

  /**
   * @param sparseLearningRate rate of the sparse rows, finite and &gt;= 0
   * @param denseLearningRate rate of the dense parameters, finite and &gt;= 0
   */
  public SgdStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate) {
    this.layout = layout;
    setLearningRates(sparseLearningRate, denseLearningRate);
  }

  private SgdStep(SgdStep o) {
    this.layout = o.layout;
    this.sparseLearningRate = o.sparseLearningRate;
    this.denseLearningRate = o.denseLearningRate;
    this.t = o.t;
  }

  @Override
  public void step(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
    DenseChecks.step(layout, sparse, dense, sparseGrad, denseGrad);
    t++;
    final double denseLr = denseLearningRate;
    for (int i = 0; i < dense.length; i++) {
      dense[i] -= denseLr * denseGrad[i];
    }
    final double sparseLr = sparseLearningRate;
    final int width = layout.rowWidth();
    final double[] g = sparseGrad.values();
    final int count = sparseGrad.count();
    for (int s = 0; s < count; s++) {
      final int base = sparseGrad.row(s) * width;
      final int gBase = s * width;
      for (int c = 0; c < width; c++) {
        sparse[base + c] -= sparseLr * g[gBase + c];
      }
    }
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public double[][] sparseState() {
    return new double[0][];
  }

  @Override
  public double[][] denseState() {
    return new double[0][];
  }

  @Override
  public void setSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps MUST be >= 0, but got " + steps);
    }
    t = steps;
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public double sparseLearningRate() {
    return sparseLearningRate;
  }

  @Override
  public double denseLearningRate() {
    return denseLearningRate;
  }

  @Override
  public void setLearningRates(double sparseLearningRate, double denseLearningRate) {
    DenseChecks.learningRate("SGD", "sparseLearningRate", sparseLearningRate);
    DenseChecks.learningRate("SGD", "denseLearningRate", denseLearningRate);
    this.sparseLearningRate = sparseLearningRate;
    this.denseLearningRate = denseLearningRate;
  }

  @Override
  public SgdStep copy() {
    return new SgdStep(this);
  }
}
