package io.sparkctr.optim.dense;

import java.util.Arrays;

/**
 * Reusable buffers for one oracle evaluation (sparse and dense gradient), and the call itself with the
 * {@link GradientOracle} contract: buffers cleared first.
 */
final class Evaluation {
  final SparseGradient sparseGrad;
  final double[] denseGrad;

  Evaluation(ParameterLayout layout) {
    this.sparseGrad = new SparseGradient(layout);
    this.denseGrad = new double[layout.denseSize()];
  }

  /** Clears the buffers, calls the oracle and returns its loss. */
  double run(GradientOracle oracle, double[] sparse, double[] dense) {
    sparseGrad.clear();
    Arrays.fill(denseGrad, 0.0);
    return oracle.evaluate(sparse, dense, sparseGrad, denseGrad);
  }
}
