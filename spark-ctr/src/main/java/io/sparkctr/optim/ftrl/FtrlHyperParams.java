package io.sparkctr.optim.ftrl;

import java.io.Serializable;

/**
 * FTRL-Proximal hyperparameters in the paper's convention (see {@link FtrlOptimizer}).
 *
 * @param alpha learning-rate scale, finite and &gt; 0
 * @param beta learning-rate smoothing added to sqrt(n), finite and &gt;= 0
 * @param l1 L1 strength, finite and &gt;= 0
 * @param l2 L2 strength (penalty (l2/2)||w||^2), finite and &gt;= 0
 */
public record FtrlHyperParams(double alpha, double beta, double l1, double l2) implements Serializable {
  public FtrlHyperParams {
    check("alpha", alpha, alpha > 0, "> 0");
    check("beta", beta, beta >= 0, ">= 0");
    check("l1", l1, l1 >= 0, ">= 0");
    check("l2", l2, l2 >= 0, ">= 0");
  }

  private static void check(String name, double value, boolean ok, String range) {
    if (!ok || !Double.isFinite(value)) {
      throw new IllegalArgumentException("FTRL " + name + " MUST be finite and " + range + ", but got " + value);
    }
  }
}
