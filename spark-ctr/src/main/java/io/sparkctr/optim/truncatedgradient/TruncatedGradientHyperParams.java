package io.sparkctr.optim.truncatedgradient;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.io.Serializable;

/**
 * Truncated Gradient hyperparameters (see {@link TruncatedGradientOptimizer}).
 *
 * @param eta0 base learning rate, finite and &gt; 0 (suggested default 0.1)
 * @param schedule {@code constant} (eta0) or {@code invSqrt} (eta0 / sqrt(s)); suggested default constant
 * @param l1 the paper's gravity g: the L1 strength, finite and &gt;= 0 (default 0, i.e. plain SGD). At a
 *     truncation step s weights move toward 0 by eta_s K l1, so per step on average eta_s l1, as
 *     FOBOS's l1.
 * @param theta only weights with |w| &lt;= theta are shrunk; &gt;= 0, {@code +Infinity} allowed and the
 *     suggested default (every weight is shrunk, the L1 prox)
 * @param k truncate every k steps (at steps s with s mod k = 0), &gt;= 1 (suggested default 10)
 */
public record TruncatedGradientHyperParams(
    double eta0, LearningRateSchedule schedule, double l1, double theta, int k) implements Serializable {
  public TruncatedGradientHyperParams {
    OptimizerChecks.check("TG", "eta0", eta0, eta0 > 0, "> 0");
    OptimizerChecks.check("TG", "l1 (gravity)", l1, l1 >= 0, ">= 0");
    if (!(theta >= 0)) {
      throw new IllegalArgumentException("TG theta MUST be >= 0 (+Infinity allowed), but got " + theta);
    }
    if (k < 1) {
      throw new IllegalArgumentException("TG k MUST be >= 1, but got " + k);
    }
    if (schedule == null) {
      throw new IllegalArgumentException("TG schedule MUST be one of [constant, invSqrt], but got null");
    }
  }

  /** eta0 = 0.1, constant, l1 = 0, theta = +Infinity, k = 10. */
  public static TruncatedGradientHyperParams defaults() {
    return new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0, Double.POSITIVE_INFINITY, 10);
  }
}
