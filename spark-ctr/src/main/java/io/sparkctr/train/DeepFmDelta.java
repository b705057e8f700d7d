package io.sparkctr.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the partitions' local DeepFM steps of one round return, summed by {@code treeAggregate}
 * (algorithms.md section 10, pattern 3: local steps, then averaging). Per sparse row a partition
 * touched: its end values and optimizer state, and a count of 1; the dense parameters and their state
 * from every partition that ran rows. Sums here; {@link DeepFmTrainer#apply} divides: each row by the
 * partitions that touched it, the dense part by the partitions that ran. Sized to the touched rows plus
 * the (small) dense part, never to the embedding table.
 */
public final class DeepFmDelta implements Serializable {
  private static final long serialVersionUID = 1L;

  final int rowWidth;
  /** Touched rows, ascending. */
  final int[] rows;
  /** Per touched row: how many partitions touched it. */
  final int[] counts;
  /** Sum of the rows' values, rows.length x rowWidth. */
  final double[] values;
  /** Per optimizer state column, the sum of the rows' state, rows.length x rowWidth each. */
  final double[][] states;
  /** Sum of the dense parameters and of each dense state column (null when no partition ran). */
  final double[] dense;
  final double[][] denseStates;
  /** Partitions that ran rows (the dense part's divisor). */
  final int partitions;
  /** The most optimizer steps any partition's state has taken. */
  final long steps;
  final double lossSum;
  final double weightSum;
  final long numRows;

  DeepFmDelta(int rowWidth, int[] rows, int[] counts, double[] values, double[][] states, double[] dense,
      double[][] denseStates, int partitions, long steps, double lossSum, double weightSum, long numRows) {
    this.rowWidth = rowWidth;
    this.rows = rows;
    this.counts = counts;
    this.values = values;
    this.states = states;
    this.dense = dense;
    this.denseStates = denseStates;
    this.partitions = partitions;
    this.steps = steps;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.numRows = numRows;
  }

  /** Nothing: the identity of {@link #merge}. */
  public static DeepFmDelta empty() {
    return new DeepFmDelta(0, new int[0], new int[0], new double[0], new double[0][], null, null, 0, 0, 0, 0, 0);
  }

  /** The sum of two deltas; an empty operand returns the other unchanged. */
  public static DeepFmDelta merge(DeepFmDelta a, DeepFmDelta b) {
    if (a.partitions == 0 && a.rows.length == 0) {
      return b;
    }
    if (b.partitions == 0 && b.rows.length == 0) {
      return a;
    }
    final int width = a.rowWidth;
    final int columns = a.states.length;
    int[] rows = new int[a.rows.length + b.rows.length];
    int[] counts = new int[rows.length];
    double[] values = new double[rows.length * width];
    double[][] states = new double[columns][rows.length * width];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.rows.length || j < b.rows.length) {
      final boolean takeA = j == b.rows.length || (i < a.rows.length && a.rows[i] <= b.rows[j]);
      final boolean takeB = i == a.rows.length || (j < b.rows.length && b.rows[j] <= a.rows[i]);
      rows[n] = takeA ? a.rows[i] : b.rows[j];
      if (takeA) {
        add(a, i, counts, values, states, n, width);
        i++;
      }
      if (takeB) {
        add(b, j, counts, values, states, n, width);
        j++;
      }
      n++;
    }
    double[] dense = sum(a.dense, b.dense);
    // The dense side may keep another number of state columns than the rows (GroupAdam: m, v, z vs m, v).
    final int denseColumns = a.denseStates != null ? a.denseStates.length
        : b.denseStates != null ? b.denseStates.length : 0;
    double[][] denseStates = new double[denseColumns][];
    for (int c = 0; c < denseColumns; c++) {
      denseStates[c] = sum(a.denseStates == null ? null : a.denseStates[c], b.denseStates == null ? null : b.denseStates[c]);
    }
    double[][] trimmed = new double[columns][];
    for (int c = 0; c < columns; c++) {
      trimmed[c] = Arrays.copyOf(states[c], n * width);
    }
    return new DeepFmDelta(width, Arrays.copyOf(rows, n), Arrays.copyOf(counts, n), Arrays.copyOf(values, n * width),
        trimmed, dense, dense == null ? null : denseStates, a.partitions + b.partitions, Math.max(a.steps, b.steps),
        a.lossSum + b.lossSum, a.weightSum + b.weightSum, a.numRows + b.numRows);
  }

  private static void add(DeepFmDelta d, int k, int[] counts, double[] values, double[][] states, int n, int width) {
    counts[n] += d.counts[k];
    for (int c = 0; c < width; c++) {
      values[n * width + c] += d.values[k * width + c];
      for (int s = 0; s < states.length; s++) {
        states[s][n * width + c] += d.states[s][k * width + c];
      }
    }
  }

  private static double[] sum(double[] a, double[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }

  /** Bytes of the payload: touched rows and their state, plus the dense part. */
  public long payloadBytes() {
    long bytes = 8L * rows.length + 8L * values.length * (1 + states.length);
    return bytes + (dense == null ? 0 : 8L * dense.length * (1 + states.length));
  }

  public long numRows() {
    return numRows;
  }

  /** Mean progressive training loss (NaN when no weight was seen). */
  public double meanLoss() {
    return weightSum > 0 ? lossSum / weightSum : Double.NaN;
  }

  /** Rows touched by at least one partition. */
  public int touchedRows() {
    return rows.length;
  }
}
