package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.io.Serializable;

/**
 * Plain SGD hyperparameters (see {@link SgdOptimizer}).
 *
 * @param eta0 base learning rate, finite and &gt; 0 (suggested default 0.1)
 * @param schedule {@code constant} (eta0) or {@code invSqrt} (eta0 / sqrt(s)); suggested default constant
 * @param l2 L2 strength, penalty (l2/2)||w||^2, finite, &gt;= 0 and with eta0 * l2 &lt; 1 so that the
 *     decay factor 1 - eta_s l2 stays positive (default 0)
 */
public record SgdHyperParams(double eta0, LearningRateSchedule schedule, double l2) implements Serializable {
  public SgdHyperParams {
    OptimizerChecks.check("SGD", "eta0", eta0, eta0 > 0, "> 0");
    OptimizerChecks.check("SGD", "l2", l2, l2 >= 0, ">= 0");
    if (schedule == null) {
      throw new IllegalArgumentException("SGD schedule MUST be one of [constant, invSqrt], but got null");
    }
    if (!(eta0 * l2 < 1)) {
      throw new IllegalArgumentException("SGD eta0 * l2 MUST be < 1 (the L2 decay 1 - eta l2 must stay "
          + "positive), but got eta0 = " + eta0 + ", l2 = " + l2 + "; lower eta0 or l2");
    }
  }

  /** eta0 = 0.1, constant, l2 = 0. */
  public static SgdHyperParams defaults() {
    return new SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0);
  }
}
