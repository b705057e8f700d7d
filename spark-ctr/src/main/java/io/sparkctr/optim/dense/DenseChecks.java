package io.sparkctr.optim.dense;

import io.sparkctr.optim.OptimizerChecks;

/** Argument checks shared by this package (messages of style.md section 9.6). */
final class DenseChecks {
  private DenseChecks() {}

  static void learningRate(String algorithm, String name, double value) {
    OptimizerChecks.check(algorithm, name, value, value >= 0, ">= 0");
  }

  static void beta(String algorithm, String name, double value) {
    OptimizerChecks.check(algorithm, name, value, value >= 0 && value < 1, "in [0, 1)");
  }

  static void unitInterval(String algorithm, String name, double value) {
    OptimizerChecks.check(algorithm, name, value, value >= 0 && value <= 1, "in [0, 1]");
  }

  static void nonNegative(String algorithm, String name, double value) {
    OptimizerChecks.check(algorithm, name, value, value >= 0, ">= 0");
  }

  /** Checks a step's arguments against the layout. */
  static void step(ParameterLayout layout, double[] sparse, double[] dense, SparseGradient sparseGrad,
      double[] denseGrad) {
    layout.checkParameters(sparse, dense);
    layout.checkGradient(sparseGrad, denseGrad);
  }
}
