package io.sparkctr.optim;

import java.io.Serializable;

/**
 * How the passes of several partitions, all started from one optimizer state, combine into the next
 * state (algorithms.md section 10). Each partition reports {@link #increments} for the coordinates it
 * touched; the increments are summed across partitions (Spark's {@code treeAggregate}) and
 * {@link #apply applied} once on the driver. Each optimizer family has its own rule.
 */
public interface MergeRule extends Serializable {
  /** State columns per touched coordinate in the increments. */
  int columns();

  /**
   * Observes one row after its updates, for rules that need more than the end state (FTRL's
   * contraction). Default: nothing.
   *
   * @param indices the row's coordinates are {@code indices[from, to)}
   * @param interceptIndex the intercept coordinate, or -1 when there is none
   * @param curvature the row's loss curvature on the margin (its weight times p (1 - p) for log loss)
   */
  default void observeRow(SparseOnlineOptimizer optimizer, int[] indices, double[] values, int from, int to,
      int interceptIndex, double curvature) {}

  /**
   * The summable increments of one partition's pass.
   *
   * @param base the state the pass started from
   * @param after the pass's end state
   * @param touched the coordinates the pass updated, ascending and distinct
   */
  StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched);

  /**
   * Applies the increments summed over every partition to the state they all started from.
   *
   * @param steps the steps (rows) all partitions ran together
   */
  void apply(SparseOnlineOptimizer state, StateDelta summed, long steps);
}
