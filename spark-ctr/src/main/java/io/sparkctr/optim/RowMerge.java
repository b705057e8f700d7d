package io.sparkctr.optim;

import java.io.Serializable;

/**
 * How the passes of several partitions, all started from one state, combine into the next (algorithms.md
 * section 10): each pass reports, per table, a {@link RowDelta} for the rows it touched, computed from its
 * view and the owner the view read; the deltas are summed across partitions ({@code treeAggregate}) and
 * applied once to the owner on the driver.
 *
 * @param <O> the optimizer this merge belongs to
 */
public interface RowMerge<O extends RowOptimizer<O>> extends Serializable {
  /** Summable floats per touched row of {@code width} parameters. */
  int valuesPerRow(int width);

  /** One pass's delta for one table: its view's rows against the owner they started from. */
  RowDelta increments(O pass, RowStore view, int width, boolean penalized);

  /**
   * Applies one round: the partitions' summed deltas of every table to the owners they started from, and
   * the global clock advanced by the {@code steps} examples all partitions stepped through together.
   *
   * @param state the optimizer as it was at the round's start
   * @param summed per table, the partitions' summed deltas
   */
  void apply(O state, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed, long steps);
}
