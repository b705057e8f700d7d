package io.sparkctr.optim.fobos;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.io.Serializable;

/**
 * L1-FOBOS hyperparameters (see {@link FobosOptimizer}).
 *
 * @param eta0 base learning rate, finite and &gt; 0 (suggested default 0.1)
 * @param schedule {@code constant} (eta0) or {@code invSqrt} (eta0 / sqrt(s)); suggested default constant
 * @param l1 L1 strength, penalty l1 ||w||_1, finite and &gt;= 0 (default 0)
 * @param l2 L2 strength, penalty (l2/2)||w||^2 (TensorFlow ProximalGradientDescent's convention, not
 *     TF-FTRL's), finite and &gt;= 0 (default 0)
 */
public record FobosHyperParams(double eta0, LearningRateSchedule schedule, double l1, double l2)
    implements Serializable {
  public FobosHyperParams {
    OptimizerChecks.check("FOBOS", "eta0", eta0, eta0 > 0, "> 0");
    OptimizerChecks.check("FOBOS", "l1", l1, l1 >= 0, ">= 0");
    OptimizerChecks.check("FOBOS", "l2", l2, l2 >= 0, ">= 0");
    if (schedule == null) {
      throw new IllegalArgumentException("FOBOS schedule MUST be one of [constant, invSqrt], but got null");
    }
  }

  /** eta0 = 0.1, constant, l1 = l2 = 0. */
  public static FobosHyperParams defaults() {
    return new FobosHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0, 0.0);
  }
}
