package io.sparkctr.optim.group;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;

/**
 * Sparse group FTRL's merge (algorithms.md section 10, pattern 2): the partitions' increments of z and
 * n are summed, z = z0 + sum_p (z_p - z0) and n = n0 + sum_p (n_p - n0), and the weights follow from the
 * merged state by the closed form, so exact zeros and zero rows survive. There is no global step.
 *
 * <p>Each partition sends, per touched coordinate, 1 (a partition count), z_p and n_p; the sums give
 * {@code sum z_p - (c - 1) z0}, the same quantity as the summed increments, but a coordinate only one
 * partition touched (and every coordinate when there is one partition) gets that partition's end state
 * bit for bit ({@link SparseGroupFtrlOptimizer#mergePartitionSums}).
 *
 * <p>Known limit of pattern 2, inherited from FTRL: n and the sum of gradients in z do not depend on the
 * order of the updates, but the {@code -sum sigma w} part of z does. Each partition's sigmas are taken
 * from the shared start n0, so their sum exceeds the serial one (sqrt is concave), and a large start
 * weight (e.g. a warm start) is scaled by up to (sqrt(n0) + sum_p (sqrt(n_p) - sqrt(n0))) / sqrt(n); and
 * partitions that each move toward the same optimum add up their corrections. {@code FtrlContractionMerge}
 * is the refined rule for plain FTRL; porting it to rows is open.
 */
public final class SparseGroupFtrlSumMerge implements MergeRule {
  private static final long serialVersionUID = 1L;

  @Override
  public int columns() {
    return 3; // partitions that touched, sum of their z, sum of their n
  }

  @Override
  public StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched) {
    final SparseGroupFtrlOptimizer a = (SparseGroupFtrlOptimizer) after;
    final int count = touched.length;
    final double[] partitions = new double[count];
    final double[] z = new double[count];
    final double[] n = new double[count];
    for (int k = 0; k < count; k++) {
      final int i = touched[k];
      partitions[k] = 1.0;
      z[k] = a.z(i);
      n[k] = a.n(i);
    }
    return new StateDelta(touched, new double[][] {partitions, z, n});
  }

  @Override
  public void apply(SparseOnlineOptimizer state, StateDelta summed, long steps) {
    ((SparseGroupFtrlOptimizer) state).mergePartitionSums(summed.indices(), summed.size(), summed.column(0),
        summed.column(1), summed.column(2));
  }
}
