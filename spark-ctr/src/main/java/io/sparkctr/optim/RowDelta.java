package io.sparkctr.optim;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one pass returns for one table: per touched row (ascending), {@code valuesPerRow} summable values (an
 * optimizer's increments, or its end state with a count). Sized to the touched rows, not to the model: this
 * is what crosses the network each round. Partitions' deltas add up row by row ({@link #merge}).
 *
 * <p>A pass's values are floats (its rows' float state); sums are kept in double. A sum of a few floats is
 * exact in double unless their magnitudes differ by more than 2^29, so the merged sum does not depend on the
 * order Spark combines the partitions' results in (task completion order): the same data and partitions give
 * the same model, bit for bit, as the double engine did. On the wire a delta whose values are all floats
 * (every pass's) takes 4 bytes per value, a merged one 8 ({@link #payloadBytes}).
 */
public final class RowDelta implements Serializable {
  private static final long serialVersionUID = 2L;

  private transient int[] rows;
  private transient double[] values;
  private final int valuesPerRow;
  /** Whether every value is a float: 1 yes, 0 no, -1 not yet known. */
  private transient int floats = -1;

  /**
   * @param rows ascending, distinct (kept, not copied)
   * @param values {@code rows.length * valuesPerRow} floats, row after row (copied to doubles)
   */
  public RowDelta(int[] rows, float[] values, int valuesPerRow) {
    this(rows, toDoubles(values), valuesPerRow);
    this.floats = 1;
  }

  private RowDelta(int[] rows, double[] values, int valuesPerRow) {
    if (values.length != (long) rows.length * valuesPerRow) {
      throw new IllegalArgumentException("Dimension mismatch: " + rows.length + " rows of " + valuesPerRow
          + " values, but " + values.length + " values");
    }
    this.rows = rows;
    this.values = values;
    this.valuesPerRow = valuesPerRow;
  }

  private static double[] toDoubles(float[] f) {
    final double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  public static RowDelta empty(int valuesPerRow) {
    return new RowDelta(new int[0], new double[0], valuesPerRow);
  }

  /** Whether every value is a float (a pass's delta, not a sum): it then travels as floats. */
  private boolean floatValues() {
    if (floats < 0) {
      floats = 1;
      for (double x : values) {
        if ((double) (float) x != x && !Double.isNaN(x)) {
          floats = 0;
          break;
        }
      }
    }
    return floats == 1;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    out.writeInt(rows.length);
    for (int r : rows) {
      out.writeInt(r);
    }
    final boolean floats = floatValues();
    out.writeBoolean(floats);
    for (double x : values) {
      if (floats) {
        out.writeFloat((float) x);
      } else {
        out.writeDouble(x);
      }
    }
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    final int n = in.readInt();
    if (n < 0 || valuesPerRow < 0) {
      throw new java.io.InvalidObjectException("A RowDelta of " + n + " rows of " + valuesPerRow + " values");
    }
    rows = new int[n];
    for (int k = 0; k < n; k++) {
      rows[k] = in.readInt();
    }
    final boolean floats = in.readBoolean();
    values = new double[Math.multiplyExact(n, valuesPerRow)];
    for (int i = 0; i < values.length; i++) {
      values[i] = floats ? in.readFloat() : in.readDouble();
    }
    this.floats = floats ? 1 : 0;
  }

  /** The rows, ascending (the live array). */
  public int[] rows() {
    return rows;
  }

  /** The values, row after row (the live array). */
  public double[] values() {
    return values;
  }

  public int valuesPerRow() {
    return valuesPerRow;
  }

  public int size() {
    return rows.length;
  }

  /** Bytes of payload: a row id and its values per row, 4 bytes per value for a pass's delta, 8 for a sum. */
  public long payloadBytes() {
    return (long) rows.length * (4 + (floatValues() ? 4L : 8L) * valuesPerRow);
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
    double[] values = new double[rows.length * v];
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
