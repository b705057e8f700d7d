package io.sparkctr.models;

/**
 * Scratch for scoring a row given in feature indices: its entries mapped to model rows by a
 * {@link FeatureIndex}, those without a row dropped (they score zero). Reused across rows (one per task
 * or thread), growing geometrically, so scoring allocates nothing per row.
 */
public final class MappedRow implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public int[] indices = new int[64];
  public double[] values = new double[64];
  public int[] fields = new int[64];
  /** Entries kept by the last {@link #map}. */
  public int size;
  /** Entries the last {@link #map} dropped: features without a model row. */
  public int unseen;

  /**
   * Maps {@code indices/values/fields[from, to)} (fields may be null) to model rows of {@code index}.
   *
   * @return the entries kept, {@link #size}
   */
  public int map(FeatureIndex index, int[] rowIndices, double[] rowValues, int[] rowFields, int from, int to) {
    final int n = to - from;
    if (indices.length < n) {
      final int capacity = Math.max(n, 2 * indices.length);
      indices = new int[capacity];
      values = new double[capacity];
      fields = new int[capacity];
    }
    size = index.mapRow(rowIndices, rowValues, rowFields, from, to, indices, values, fields, 0);
    unseen = n - size;
    return size;
  }
}
