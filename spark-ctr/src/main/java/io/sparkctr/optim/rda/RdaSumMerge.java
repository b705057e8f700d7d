package io.sparkctr.optim.rda;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;

/**
 * RDA's merge (algorithms.md section 10, pattern 2): the gradient sums G and the step count t are
 * additive, so the partitions' increments are summed. The weight is a function of (G, t) only, so the
 * merged state is the serial one up to the gradients having been taken at different weights.
 */
public final class RdaSumMerge implements MergeRule {
  private static final long serialVersionUID = 1L;

  @Override
  public int columns() {
    return 1; // dG
  }

  @Override
  public StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched) {
    final RdaOptimizer b = (RdaOptimizer) base;
    final RdaOptimizer a = (RdaOptimizer) after;
    final double[] dG = new double[touched.length];
    for (int k = 0; k < touched.length; k++) {
      dG[k] = a.gradientSum(touched[k]) - b.gradientSum(touched[k]);
    }
    return new StateDelta(touched, new double[][] {dG});
  }

  @Override
  public void apply(SparseOnlineOptimizer state, StateDelta summed, long steps) {
    ((RdaOptimizer) state).addIncrements(summed.indices(), summed.column(0), summed.size(), steps);
  }
}
