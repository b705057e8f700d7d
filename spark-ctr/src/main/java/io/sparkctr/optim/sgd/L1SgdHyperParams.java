package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.io.Serializable;

/**
 * L1-regularised (subgradient) SGD hyperparameters (see {@link L1SgdOptimizer}).
 *
 * @param eta0 base learning rate, finite and &gt; 0 (suggested default 0.1)
 * @param schedule {@code constant} (eta0) or {@code invSqrt} (eta0 / sqrt(s)); suggested default constant
 * @param l1 L1 strength, penalty l1 ||w||_1, finite and &gt;= 0 (default 0)
 * @param l2 L2 strength, penalty (l2/2)||w||^2, finite and &gt;= 0 (default 0)
 */
public record L1SgdHyperParams(double eta0, LearningRateSchedule schedule, double l1, double l2)
    implements Serializable {
  public L1SgdHyperParams {
    OptimizerChecks.check("L1-SGD", "eta0", eta0, eta0 > 0, "> 0");
    OptimizerChecks.check("L1-SGD", "l1", l1, l1 >= 0, ">= 0");
    OptimizerChecks.check("L1-SGD", "l2", l2, l2 >= 0, ">= 0");
    if (schedule == null) {
      throw new IllegalArgumentException("L1-SGD schedule MUST be one of [constant, invSqrt], but got null");
    }
  }

  /** eta0 = 0.1, constant, l1 = l2 = 0. */
  public static L1SgdHyperParams defaults() {
    return new L1SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0, 0.0);
  }
}
