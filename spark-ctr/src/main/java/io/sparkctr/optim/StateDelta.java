package io.sparkctr.optim;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Sparse, summable per-coordinate increments (for FTRL: of n, and of n times the unthresholded
 * weight) for the coordinates one partition touched, sorted by coordinate. Sized to the touched coordinates, not to
 * the model: this is what crosses the network each epoch (algorithms.md section 10, pattern 2).
 */
public final class StateDelta implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final int[] NO_INDICES = new int[0];

  private final int[] indices;
  /** columns[c][k] is the increment of state column c at coordinate indices[k]. */
  private final double[][] columns;

  /**
   * @param indices ascending, distinct coordinates (kept, not copied)
   * @param columns one array per state column, each as long as {@code indices} (kept, not copied)
   */
  public StateDelta(int[] indices, double[][] columns) {
    for (double[] column : columns) {
      if (column.length != indices.length) {
        throw new IllegalArgumentException(
            "Dimension mismatch: " + indices.length + " indices, a column of " + column.length);
      }
    }
    this.indices = indices;
    this.columns = columns;
  }

  /** The delta of nothing, the identity of {@link #merge}. */
  public static StateDelta empty(int numColumns) {
    double[][] columns = new double[numColumns][];
    Arrays.fill(columns, new double[0]);
    return new StateDelta(NO_INDICES, columns);
  }

  /** The coordinates, ascending (the live array). */
  public int[] indices() {
    return indices;
  }

  /** State column {@code c}'s increments, aligned with {@link #indices()} (the live array). */
  public double[] column(int c) {
    return columns[c];
  }

  public int size() {
    return indices.length;
  }

  public int numColumns() {
    return columns.length;
  }

  /** Bytes of payload this delta carries (indices and increments). */
  public long payloadBytes() {
    return 4L * indices.length + 8L * indices.length * columns.length;
  }

  /** Sum of two deltas (union of coordinates). An empty operand returns the other unchanged. */
  public static StateDelta merge(StateDelta a, StateDelta b) {
    if (a.columns.length != b.columns.length) {
      throw new IllegalArgumentException(
          "Dimension mismatch: deltas have " + a.columns.length + " and " + b.columns.length + " state columns");
    }
    if (a.indices.length == 0) {
      return b;
    }
    if (b.indices.length == 0) {
      return a;
    }
    final int[] ai = a.indices;
    final int[] bi = b.indices;
    int[] idx = new int[ai.length + bi.length];
    final int numCols = a.columns.length;
    double[][] cols = new double[numCols][idx.length];
    int p = 0;
    int q = 0;
    int k = 0;
    while (p < ai.length || q < bi.length) {
      if (q == bi.length || (p < ai.length && ai[p] < bi[q])) {
        idx[k] = ai[p];
        for (int c = 0; c < numCols; c++) {
          cols[c][k] = a.columns[c][p];
        }
        p++;
      } else if (p == ai.length || bi[q] < ai[p]) {
        idx[k] = bi[q];
        for (int c = 0; c < numCols; c++) {
          cols[c][k] = b.columns[c][q];
        }
        q++;
      } else {
        idx[k] = ai[p];
        for (int c = 0; c < numCols; c++) {
          cols[c][k] = a.columns[c][p] + b.columns[c][q];
        }
        p++;
        q++;
      }
      k++;
    }
    if (k < idx.length) {
      idx = Arrays.copyOf(idx, k);
      for (int c = 0; c < numCols; c++) {
        cols[c] = Arrays.copyOf(cols[c], k);
      }
    }
    return new StateDelta(idx, cols);
  }

}
