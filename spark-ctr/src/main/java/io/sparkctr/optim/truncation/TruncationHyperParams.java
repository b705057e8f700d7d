package io.sparkctr.optim.truncation;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.io.Serializable;

/**
 * Simple truncation hyperparameters (see {@link TruncationOptimizer}).
 *
 * @param eta0 base learning rate, finite and &gt; 0 (suggested default 0.1)
 * @param schedule {@code constant} (eta0) or {@code invSqrt} (eta0 / sqrt(s)); suggested default constant
 * @param theta truncation threshold: weights with |w| &lt;= theta become 0 at truncation steps; finite
 *     and &gt;= 0 (default 0, i.e. plain SGD)
 * @param k truncate every k steps (at steps s with s mod k = 0), &gt;= 1 (suggested default 10)
 */
public record TruncationHyperParams(double eta0, LearningRateSchedule schedule, double theta, int k)
    implements Serializable {
  public TruncationHyperParams {
    OptimizerChecks.check("Truncation", "eta0", eta0, eta0 > 0, "> 0");
    OptimizerChecks.check("Truncation", "theta", theta, theta >= 0, ">= 0");
    if (k < 1) {
      throw new IllegalArgumentException("Truncation k MUST be >= 1, but got " + k);
    }
    if (schedule == null) {
      throw new IllegalArgumentException("Truncation schedule MUST be one of [constant, invSqrt], but got null");
    }
  }

  /** eta0 = 0.1, constant, theta = 0, k = 10. */
  public static TruncationHyperParams defaults() {
    return new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0, 10);
  }
}
