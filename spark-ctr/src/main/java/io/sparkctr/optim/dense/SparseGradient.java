package io.sparkctr.optim.dense;

import java.util.Arrays;

/**
 * The sparse part of a mini-batch gradient: the touched rows, each once, in the order they were first
 * touched, with their full-row gradients (first-order weight, then the embedding). A reusable scratch
 * buffer: {@link #clear()} costs O(touched rows), and once the capacity suffices nothing is allocated.
 *
 * <p>The model kernel fills it: {@code slot(row)} returns the row's slot, adding a zeroed one on first
 * touch; the row's gradient entries are {@code values()[offset(slot) + column]}, to be accumulated into.
 * For Helen's official-code mode the kernel also records how many times each feature occurs in the
 * batch ({@link #addOccurrences}); the other optimizers ignore the occurrences.
 *
 * <p>{@link #values()} returns the backing array, which is replaced when a {@link #slot(int)} grows the
 * capacity: read it again after adding rows, or size the buffer once with {@link #ensureCapacity} (e.g.
 * to batch size times the number of fields).
 */
public final class SparseGradient {
  private final int numRows;
  private final int rowWidth;
  /** slotOfRow[r] = the slot of row r, or -1 when r is not touched. */
  private final int[] slotOfRow;
  private int[] rows;
  private double[] values;
  private double[] occurrences;
  private int count;

  /** An empty gradient for {@code layout}'s rows, with a small initial capacity. */
  public SparseGradient(ParameterLayout layout) {
    this(layout.numRows(), layout.rowWidth(), 16);
  }

  /**
   * @param numRows rows in the model, &gt;= 0 (the slot index is an {@code int[numRows]})
   * @param rowWidth doubles per row, &gt;= 1
   * @param initialCapacity rows the buffer holds before it grows, &gt;= 0
   */
  public SparseGradient(int numRows, int rowWidth, int initialCapacity) {
    if (numRows < 0) {
      throw new IllegalArgumentException("numRows MUST be >= 0, but got " + numRows);
    }
    if (rowWidth < 1) {
      throw new IllegalArgumentException("rowWidth MUST be >= 1, but got " + rowWidth);
    }
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity MUST be >= 0, but got " + initialCapacity);
    }
    this.numRows = numRows;
    this.rowWidth = rowWidth;
    this.slotOfRow = new int[numRows];
    Arrays.fill(slotOfRow, -1);
    final int capacity = Math.min(initialCapacity, numRows);
    this.rows = new int[capacity];
    this.values = new double[capacity * rowWidth];
    this.occurrences = new double[capacity];
    this.count = 0;
  }

  public int numRows() {
    return numRows;
  }

  public int rowWidth() {
    return rowWidth;
  }

  /** The number of touched rows (slots {@code 0 .. count() - 1}). */
  public int count() {
    return count;
  }

  /** The rows the buffer holds before it grows. */
  public int capacity() {
    return rows.length;
  }

  /** The row held in {@code slot}. */
  public int row(int slot) {
    assert slot >= 0 && slot < count : "slot " + slot + " not in [0, " + count + ")";
    return rows[slot];
  }

  /** The slot of {@code row}, or -1 when the row is not touched. */
  public int slotOf(int row) {
    checkRow(row);
    return slotOfRow[row];
  }

  /**
   * The slot of {@code row}, adding the row (gradient and occurrences zero) when it is not touched yet.
   *
   * @param row in {@code [0, numRows())}
   */
  public int slot(int row) {
    checkRow(row);
    final int existing = slotOfRow[row];
    if (existing >= 0) {
      return existing;
    }
    if (count == rows.length) {
      grow(count + 1);
    }
    final int s = count++;
    rows[s] = row;
    slotOfRow[row] = s;
    Arrays.fill(values, s * rowWidth, (s + 1) * rowWidth, 0.0);
    occurrences[s] = 0.0;
    return s;
  }

  /** The offset of {@code slot}'s row in {@link #values()}: {@code slot * rowWidth()}. */
  public int offset(int slot) {
    return slot * rowWidth;
  }

  /**
   * The backing array: slot s's gradient is {@code [offset(s), offset(s) + rowWidth())}. Replaced when a
   * {@link #slot(int)} grows the buffer.
   */
  public double[] values() {
    return values;
  }

  /** The gradient entry of {@code slot}'s row at {@code column} (0: first-order weight). */
  public double get(int slot, int column) {
    assert slot >= 0 && slot < count && column >= 0 && column < rowWidth;
    return values[slot * rowWidth + column];
  }

  /** Adds {@code g} to the gradient entry of {@code slot}'s row at {@code column}. */
  public void add(int slot, int column, double g) {
    assert slot >= 0 && slot < count && column >= 0 && column < rowWidth;
    values[slot * rowWidth + column] += g;
  }

  /** Adds {@code n} occurrences of {@code slot}'s feature in the batch (Helen's batch counts). */
  public void addOccurrences(int slot, double n) {
    assert slot >= 0 && slot < count;
    occurrences[slot] += n;
  }

  /** The occurrences recorded for {@code slot}'s feature (0 unless the kernel records them). */
  public double occurrences(int slot) {
    assert slot >= 0 && slot < count;
    return occurrences[slot];
  }

  /** Grows the buffer, if needed, so that {@code rows} touched rows fit without reallocation. */
  public void ensureCapacity(int rows) {
    if (rows > this.rows.length) {
      grow(rows);
    }
  }

  /** Forgets every touched row, in O(count()). */
  public void clear() {
    for (int s = 0; s < count; s++) {
      slotOfRow[rows[s]] = -1;
    }
    count = 0;
  }

  private void grow(int minCapacity) {
    // Doubling amortises the copies; never more than numRows rows can be touched.
    final int capacity = (int) Math.min(numRows, Math.max(minCapacity, 2L * rows.length));
    rows = Arrays.copyOf(rows, capacity);
    values = Arrays.copyOf(values, capacity * rowWidth);
    occurrences = Arrays.copyOf(occurrences, capacity);
  }

  private void checkRow(int row) {
    if (row < 0 || row >= numRows) {
      throw new IllegalArgumentException("Row MUST be in [0, " + numRows + "), but got " + row);
    }
  }
}
