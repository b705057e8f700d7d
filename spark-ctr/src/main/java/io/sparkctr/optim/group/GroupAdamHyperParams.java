package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import java.io.Serializable;

/**
 * Group Adam hyperparameters in tfplus's convention, see {@link GroupAdamOptimizer}. The penalty
 * strengths are given unscaled; the kernel multiplies them by the learning rate (L1 = l1 lr,
 * L2 = l2 lr, L21 = l21 lr sqrt(d)).
 *
 * @param learningRate lr, finite and &gt; 0
 * @param beta1 decay of the first moment m, in [0, 1) (default 0.9)
 * @param beta2 decay of the second moment v, in [0, 1) (default 0.999)
 * @param epsilon added to sqrt(v) in the denominator (TensorFlow's epsilon-hat form), finite and &gt; 0
 *     (default 1e-8; it must be positive so an untouched-gradient row's denominator is never 0)
 * @param l1 L1 strength, finite and &gt;= 0 (default 0)
 * @param l2 L2 strength, penalty {@code l2 ||w||^2} (the denominator gets 2 L2), finite and &gt;= 0
 *     (default 0)
 * @param l21 group strength, penalty {@code l21 sqrt(d) ||w_row||_2}, finite and &gt;= 0 (default 0)
 */
public record GroupAdamHyperParams(double learningRate, double beta1, double beta2, double epsilon, double l1,
    double l2, double l21) implements Serializable {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  public GroupAdamHyperParams {
    OptimizerChecks.check("GroupAdam", "learningRate", learningRate, learningRate > 0, "> 0");
    OptimizerChecks.check("GroupAdam", "beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
    OptimizerChecks.check("GroupAdam", "beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
    OptimizerChecks.check("GroupAdam", "epsilon", epsilon, epsilon > 0, "> 0");
    OptimizerChecks.check("GroupAdam", "l1", l1, l1 >= 0, ">= 0");
    OptimizerChecks.check("GroupAdam", "l2", l2, l2 >= 0, ">= 0");
    OptimizerChecks.check("GroupAdam", "l21", l21, l21 >= 0, ">= 0");
  }

  /** The given rate and strengths with beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8. */
  public static GroupAdamHyperParams of(double learningRate, double l1, double l2, double l21) {
    return new GroupAdamHyperParams(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, l1, l2, l21);
  }
}
