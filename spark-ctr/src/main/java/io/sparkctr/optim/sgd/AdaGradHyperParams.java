package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import java.io.Serializable;

/**
 * AdaGrad hyperparameters (see {@link AdaGradOptimizer}).
 *
 * @param eta learning-rate scale, finite and &gt; 0 (suggested default 0.1)
 * @param beta smoothing added to sqrt(n) in the denominator (the epsilon of other libraries, FTRL's
 *     beta), finite and &gt;= 0 (suggested default 1, as McMahan et al. 2013)
 * @param initialAccumulator the starting n, finite and &gt;= 0 (default 0, the paper's; TensorFlow 0.1)
 */
public record AdaGradHyperParams(double eta, double beta, double initialAccumulator) implements Serializable {
  public AdaGradHyperParams {
    OptimizerChecks.check("AdaGrad", "eta", eta, eta > 0, "> 0");
    OptimizerChecks.check("AdaGrad", "beta", beta, beta >= 0, ">= 0");
    OptimizerChecks.check("AdaGrad", "initialAccumulator", initialAccumulator, initialAccumulator >= 0, ">= 0");
  }

  /** eta = 0.1, beta = 1, initialAccumulator = 0. */
  public static AdaGradHyperParams defaults() {
    return new AdaGradHyperParams(0.1, 1.0, 0.0);
  }
}
