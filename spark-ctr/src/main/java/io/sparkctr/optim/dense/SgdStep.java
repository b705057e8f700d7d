package io.sparkctr.optim.dense;

/**
 * Plain mini-batch SGD: {@code w <- w - lr * g}, with {@code lr} the sparse rate on the touched rows and
 * the dense rate on the dense parameters. No state besides the step counter; an untouched row does not
 * move, which for SGD is also the eager result (its gradient is 0).
 */
public final class SgdStep extends SteppedDenseOptimizer {
  private static final long serialVersionUID = 1L;

  /**
   * @param sparseLearningRate rate of the sparse rows, finite and &gt;= 0
   * @param denseLearningRate rate of the dense parameters, finite and &gt;= 0
   */
  public SgdStep(ParameterLayout layout, double sparseLearningRate, double denseLearningRate) {
    super("SGD", layout, sparseLearningRate, denseLearningRate);
  }

  private SgdStep(SgdStep o) {
    super(o);
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
  public double[][] sparseState() {
    return new double[0][];
  }

  @Override
  public double[][] denseState() {
    return new double[0][];
  }

  @Override
  public SgdStep copy() {
    return new SgdStep(this);
  }

  @Override
  public SgdStep withLayout(ParameterLayout parameters) {
    return new SgdStep(parameters, sparseLearningRate, denseLearningRate);
  }
}
