package io.sparkctr.data;

import java.util.Arrays;

/**
 * One indexed (LibSVM or LibFFM) row in CSR form, reused across lines of a task.
 *
 * <p>The first {@link #nnz} entries of {@link #indices}, {@link #values} and (LibFFM only) {@link #fields} are
 * valid; entries beyond {@code nnz} are stale. Indices are 0-based and sorted ascending. For LibSVM they are unique.
 * For LibFFM the pair (index, field) is unique and sorted by index, then field: one index may appear under two
 * fields in real data (xLearn's Criteo demo does this), so indices alone may repeat there.
 */
public final class SparseRecord implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private static final int INITIAL_CAPACITY = 16;

  /** 0.0 or 1.0. */
  public double label;

  /** 0-based feature indices, sorted ascending. */
  public int[] indices;

  /** Feature values aligned with {@link #indices}. */
  public double[] values;

  /** 0-based fields aligned with {@link #indices}; only filled by {@link LibFfmParser}. */
  public int[] fields;

  /** Number of valid entries. */
  public int nnz;

  public SparseRecord() {
    this.indices = new int[INITIAL_CAPACITY];
    this.values = new double[INITIAL_CAPACITY];
    this.fields = new int[INITIAL_CAPACITY];
  }

  /**
   * Grows the arrays (keeping their first {@link #nnz} entries) so that they hold at least {@code capacity}
   * entries.
   *
   * @param capacity required length, {@code >= 0}
   */
  public void ensureCapacity(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity MUST be >= 0, but got " + capacity);
    }
    if (capacity > indices.length) {
      final int newLength = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(capacity, 2L * indices.length));
      indices = Arrays.copyOf(indices, newLength);
      values = Arrays.copyOf(values, newLength);
      fields = Arrays.copyOf(fields, newLength);
    }
  }

  /**
   * Merges entries that share an index (LibFFM rows may list one index under two fields) into one:
   * values are summed and the lowest field is kept, so indices become strictly increasing, as a
   * sparse vector needs. Assumes the entries are sorted by index, then field (as the parsers leave them).
   */
  public void mergeDuplicateIndices() {
    int out = 0;
    for (int p = 0; p < nnz; p++) {
      if (out > 0 && indices[out - 1] == indices[p]) {
        values[out - 1] += values[p];
      } else {
        indices[out] = indices[p];
        values[out] = values[p];
        fields[out] = fields[p];
        out++;
      }
    }
    nnz = out;
  }

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder("SparseRecord{label=").append(label).append(", entries=[");
    for (int p = 0; p < nnz; p++) {
      if (p > 0) {
        sb.append(' ');
      }
      sb.append(fields == null ? 0 : fields[p]).append(':').append(indices[p]).append(':').append(values[p]);
    }
    return sb.append("]}").toString();
  }
}
