package io.sparkctr.ml.internal;

/**
 * Reusable int[] for a row's fields column (array&lt;int&gt;, which Spark hands to a UDF as a Scala
 * Seq), one per task: scoring a field-aware model allocates nothing per row once the buffer is large
 * enough.
 */
public final class FieldsBuffer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private int[] fields = new int[16];

  /**
   * The row's fields, checked to be one per features entry.
   *
   * @param nnz the features vector's entry count
   */
  public int[] of(scala.collection.Seq<Object> row, int nnz) {
    if (row == null || row.size() != nnz) {
      throw new IllegalArgumentException("The fields array MUST have one field per features entry (" + nnz
          + "), but got " + (row == null ? "null" : row.size()));
    }
    if (fields.length < nnz) {
      fields = new int[Math.max(nnz, 2 * fields.length)];
    }
    for (int i = 0; i < nnz; i++) {
      fields[i] = (Integer) row.apply(i);
    }
    return fields;
  }
}
