package io.sparkctr.optim.group;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;

/**
 * Group Adam's merge of partitions' passes that all started from one state. algorithms.md section 10
 * recommends the gradient merge (pattern 1) for Adam-type state; this is the state merge for the
 * local-passes mode, chosen as follows.
 *
 * <ul>
 *   <li><b>m and v</b> are exponential moving averages, each partition's an estimate of the same moment:
 *       they do not add up. Each becomes the mean of the end values over the partitions that updated the
 *       coordinate (partitions that did not update it left it unchanged, as lazy Adam does, and carry no
 *       information about it).
 *   <li><b>The weight change</b> is summed, as a serial pass adds the partitions' steps one after the
 *       other: with u the unthresholded weight -z / (sqrt(v) + eps + 2 L2)
 *       ({@link GroupAdamOptimizer#unthresholdedWeight}), u = u0 + sum_p (u_p - u0), and z is rebuilt from
 *       u over the merged v. The L1 and group thresholds apply to the merged z on read, so exact zeros and
 *       zero rows survive.
 *   <li><b>The global step</b> advances by the steps all partitions ran, so the bias correction keeps the
 *       serial clock.
 * </ul>
 *
 * <p>Why not sum the increments of z, as for FTRL: z is the weight times the denominator sqrt(v) + eps,
 * and every update re-bases it on the new v by subtracting (sqrt(v_new) - sqrt(v)) w, at the first update
 * the whole (sqrt(v) + eps) w. Summing P partitions' increments counts the re-basing of the shared start
 * weight P times: a warm-started (random FM) row first updated in all P partitions would come back with
 * about P times its initial weight. Summing u counts each partition's step once and the start weight
 * once; where v does not change the two rules agree.
 *
 * <p>Each partition sends, per updated coordinate, 1 (a partition count) and its end z, u, m and v; a
 * coordinate only one partition updated (and every coordinate when there is one partition) gets that
 * partition's end state bit for bit ({@link GroupAdamOptimizer#mergePartitions}).
 */
public final class GroupAdamMerge implements MergeRule {
  private static final long serialVersionUID = 1L;

  @Override
  public int columns() {
    return 5; // partitions that updated, sums of their z, u, m and v
  }

  @Override
  public StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched) {
    final GroupAdamOptimizer a = (GroupAdamOptimizer) after;
    final int count = touched.length;
    final double[] partitions = new double[count];
    final double[] z = new double[count];
    final double[] u = new double[count];
    final double[] m = new double[count];
    final double[] v = new double[count];
    for (int k = 0; k < count; k++) {
      final int i = touched[k];
      partitions[k] = 1.0;
      z[k] = a.z(i);
      u[k] = a.unthresholdedWeight(i);
      m[k] = a.m(i);
      v[k] = a.v(i);
    }
    return new StateDelta(touched, new double[][] {partitions, z, u, m, v});
  }

  @Override
  public void apply(SparseOnlineOptimizer state, StateDelta summed, long steps) {
    final GroupAdamOptimizer s = (GroupAdamOptimizer) state;
    s.mergePartitions(summed.indices(), summed.size(), summed.column(0), summed.column(1), summed.column(2),
        summed.column(3), summed.column(4));
    s.advanceSteps(steps);
  }
}
