package io.sparkctr.train;

import java.io.Serializable;

/**
 * A block of sparse rows in compressed-sparse-row form: row r's features are
 * {@code indices/values[rowStart[r], rowStart[r + 1])}, its label (0 or 1) {@code labels[r]} and its
 * weight {@code weights[r]}; for field-aware models, entry p's field is {@code fields[p]} (null when
 * the rows carry no fields). One block holds one Spark partition's training rows.
 */
public final class CsrBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final int numRows;
  final int dimension;
  final int[] rowStart;
  final int[] indices;
  final double[] values;
  final double[] labels;
  final double[] weights;
  final int[] fields;

  CsrBlock(int numRows, int dimension, int[] rowStart, int[] indices, double[] values, double[] labels, double[] weights,
      int[] fields) {
    this.numRows = numRows;
    this.dimension = dimension;
    this.rowStart = rowStart;
    this.indices = indices;
    this.values = values;
    this.labels = labels;
    this.weights = weights;
    this.fields = fields;
  }

  /** Whether each entry carries a field. */
  public boolean hasFields() {
    return fields != null;
  }

  /**
   * Per feature of {@code [0, numFeatures)}: the number of this block's rows that have it, and (in
   * {@code out[1]}) its field + 1, or 0 when unseen (the frequency job's N(field, feature) in index form).
   */
  public double[][] featureCounts(int numFeatures) {
    final double[] counts = new double[numFeatures];
    final double[] fieldPlusOne = new double[numFeatures];
    for (int r = 0; r < numRows; r++) {
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
        counts[indices[p]] += 1.0;
        fieldPlusOne[indices[p]] = fields == null ? 1.0 : fields[p] + 1.0;
      }
    }
    return new double[][] {counts, fieldPlusOne};
  }

  /** One more than the largest field index (0 without fields or rows). */
  public int numFields() {
    int max = -1;
    if (fields != null) {
      for (int f : fields) {
        max = Math.max(max, f);
      }
    }
    return max + 1;
  }

  public int numRows() {
    return numRows;
  }

  public long numNonzeros() {
    return rowStart[numRows];
  }

  /** The largest declared feature-space size among the block's rows (0 for an empty block). */
  public int dimension() {
    return dimension;
  }
}
