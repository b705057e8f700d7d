package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import java.io.Serializable;

/**
 * Sparse group FTRL hyperparameters in TensorFlow's (and tfplus's) convention, see
 * {@link SparseGroupFtrlOptimizer}: learning-rate power fixed at -0.5, no beta, no l2_shrinkage.
 *
 * @param alpha learning rate (TensorFlow's {@code learning_rate}), finite and &gt; 0
 * @param initialAccumulator the accumulator's start n0 (TensorFlow's {@code initial_accumulator_value},
 *     default {@link #DEFAULT_INITIAL_ACCUMULATOR} = 0.1; 0 is the paper's), finite and &gt;= 0
 * @param l1 L1 strength, a threshold on each z_i; finite and &gt;= 0 (default 0)
 * @param l2 L2 strength in TensorFlow's convention: the penalty is {@code l2 ||w||^2}, so the
 *     denominator gets {@code 2 l2} (our {@code FtrlHyperParams.l2} is twice this); finite and &gt;= 0
 *     (default 0)
 * @param l21 group strength, the penalty {@code l21 sqrt(d) ||w_row||_2}; finite and &gt;= 0 (default 0)
 */
public record SparseGroupFtrlHyperParams(double alpha, double initialAccumulator, double l1, double l2, double l21)
    implements Serializable {
  /** TensorFlow's and tfplus's {@code initial_accumulator_value}. */
  public static final double DEFAULT_INITIAL_ACCUMULATOR = 0.1;

  public SparseGroupFtrlHyperParams {
    OptimizerChecks.check("SparseGroupFtrl", "alpha", alpha, alpha > 0, "> 0");
    OptimizerChecks.check("SparseGroupFtrl", "initialAccumulator", initialAccumulator, initialAccumulator >= 0,
        ">= 0");
    OptimizerChecks.check("SparseGroupFtrl", "l1", l1, l1 >= 0, ">= 0");
    OptimizerChecks.check("SparseGroupFtrl", "l2", l2, l2 >= 0, ">= 0");
    OptimizerChecks.check("SparseGroupFtrl", "l21", l21, l21 >= 0, ">= 0");
  }

  /** The given strengths with the tfplus default accumulator start 0.1. */
  public static SparseGroupFtrlHyperParams of(double alpha, double l1, double l2, double l21) {
    return new SparseGroupFtrlHyperParams(alpha, DEFAULT_INITIAL_ACCUMULATOR, l1, l2, l21);
  }
}
