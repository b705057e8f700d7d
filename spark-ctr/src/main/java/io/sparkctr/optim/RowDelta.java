package io.sparkctr.optim;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one pass returns for one table: per touched row (ascending), {@code valuesPerRow} summable floats (an
 * optimizer's increments, or its end state with a count). Sized to the touched rows, not to the model: this
 * is what crosses the network each round. Partitions' deltas add up row by row ({@link #merge}).
 */
public final class RowDelta implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] rows;
  private final float[] values;
  private final int valuesPerRow;

  /**
   * @param rows ascending, distinct (kept, not copied)
   * @param values {@code rows.length * valuesPerRow} floats, row after row (kept, not copied)
   */
  public RowDelta(int[] rows, float[] values, int valuesPerRow) {
    if (values.length != (long) rows.length * valuesPerRow) {
      throw new IllegalArgumentException("Dimension mismatch: " + rows.length + " rows of " + valuesPerRow
          + " values, but " + values.length + " values");
    }
    this.rows = rows;
    this.values = values;
    this.valuesPerRow = valuesPerRow;
  }

  public static RowDelta empty(int valuesPerRow) {
    return new RowDelta(new int[0], new float[0], valuesPerRow);
  }

  /** The rows, ascending (the live array). */
  public int[] rows() {
    return rows;
  }

  /** The values, row after row (the live array). */
  public float[] values() {
    return values;
  }

  public int valuesPerRow() {
    return valuesPerRow;
  }

  public int size() {
    return rows.length;
  }

  /** Bytes of payload: a row id and its values per row. */
  public long payloadBytes() {
    return 4L * rows.length * (1 + valuesPerRow);
  }

  /** The sum of two deltas (union of rows; a row in both gets the sums of its values). */
  public static RowDelta merge(RowDelta a, RowDelta b) {
    if (a.valuesPerRow != b.valuesPerRow) {
      throw new IllegalArgumentException("Dimension mismatch: deltas of " + a.valuesPerRow + " and "
          + b.valuesPerRow + " values per row");
    }
    if (a.rows.length == 0) {
      return b;
    }
    if (b.rows.length == 0) {
      return a;
    }
    final int v = a.valuesPerRow;
    int[] rows = new int[a.rows.length + b.rows.length];
    float[] values = new float[rows.length * v];
    int p = 0;
    int q = 0;
    int k = 0;
    while (p < a.rows.length || q < b.rows.length) {
      if (q == b.rows.length || (p < a.rows.length && a.rows[p] < b.rows[q])) {
        rows[k] = a.rows[p];
        System.arraycopy(a.values, p * v, values, k * v, v);
        p++;
      } else if (p == a.rows.length || b.rows[q] < a.rows[p]) {
        rows[k] = b.rows[q];
        System.arraycopy(b.values, q * v, values, k * v, v);
        q++;
      } else {
        rows[k] = a.rows[p];
        for (int c = 0; c < v; c++) {
          values[k * v + c] = a.values[p * v + c] + b.values[q * v + c];
        }
        p++;
        q++;
      }
      k++;
    }
    if (k < rows.length) {
      rows = Arrays.copyOf(rows, k);
      values = Arrays.copyOf(values, k * v);
    }
    return new RowDelta(rows, values, v);
  }

  /**
   * A view's rows with per-slot values, sorted by row: {@code slotValues} holds slot s's values at
   * {@code s * valuesPerRow}.
   */
  public static RowDelta ofSlots(int[] rowOfSlot, float[] slotValues, int valuesPerRow) {
    final int n = rowOfSlot.length;
    final long[] keyed = new long[n];
    for (int s = 0; s < n; s++) {
      keyed[s] = ((long) rowOfSlot[s] << 32) | s;
    }
    Arrays.sort(keyed);
    final int[] rows = new int[n];
    final float[] values = new float[n * valuesPerRow];
    for (int k = 0; k < n; k++) {
      final int s = (int) keyed[k];
      rows[k] = (int) (keyed[k] >>> 32);
      System.arraycopy(slotValues, s * valuesPerRow, values, k * valuesPerRow, valuesPerRow);
    }
    return new RowDelta(rows, values, valuesPerRow);
  }
}
