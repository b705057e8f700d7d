package io.sparkctr.optim.rda;

import io.sparkctr.optim.OptimizerChecks;
import java.io.Serializable;

/**
 * Enhanced l1-RDA hyperparameters (see {@link RdaOptimizer}).
 *
 * @param gamma the prox weight's scale, beta_t = gamma sqrt(t); finite and &gt; 0 (suggested default 1).
 *     Larger gamma means smaller steps.
 * @param l1 L1 strength, a threshold on the average gradient; finite and &gt;= 0 (default 0)
 * @param rho the "enhanced" extra threshold, lambda_t = l1 + gamma rho / sqrt(t); finite and &gt;= 0
 *     (default 0, plain l1-RDA)
 */
public record RdaHyperParams(double gamma, double l1, double rho) implements Serializable {
  public RdaHyperParams {
    OptimizerChecks.check("RDA", "gamma", gamma, gamma > 0, "> 0");
    OptimizerChecks.check("RDA", "l1", l1, l1 >= 0, ">= 0");
    OptimizerChecks.check("RDA", "rho", rho, rho >= 0, ">= 0");
  }

  /** gamma = 1, l1 = 0, rho = 0. */
  public static RdaHyperParams defaults() {
    return new RdaHyperParams(1.0, 0.0, 0.0);
  }
}
