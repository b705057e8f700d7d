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
  /** Per row, whether the input marked it as validation data (a validation indicator column); null: none marked. */
  final boolean[] validation;

  CsrBlock(int numRows, int dimension, int[] rowStart, int[] indices, double[] values, double[] labels, double[] weights,
      int[] fields, boolean[] validation) {
    this.numRows = numRows;
    this.dimension = dimension;
    this.rowStart = rowStart;
    this.indices = indices;
    this.values = values;
    this.labels = labels;
    this.weights = weights;
    this.fields = fields;
    this.validation = validation;
  }

  /** The most entries a row has (at least 1): the size of a pass's per-example buffers. */
  public int maxRowNonzeros() {
    int max = 1;
    for (int r = 0; r < numRows; r++) {
      max = Math.max(max, rowStart[r + 1] - rowStart[r]);
    }
    return max;
  }

  /** Whether every value is 1 (one-hot rows), computed once: kernels then skip the value loads. */
  private transient byte binary;

  /** Whether every stored value is exactly 1.0 (the featurizers' one-hot rows). */
  public boolean binary() {
    if (binary == 0) {
      boolean ones = true;
      final int count = rowStart[numRows];
      for (int p = 0; p < count && ones; p++) {
        ones = values[p] == 1.0;
      }
      binary = (byte) (ones ? 1 : 2);
    }
    return binary == 1;
  }

  /** Whether the input marked row r as validation data (false when it marked none). */
  public boolean markedValidation(int r) {
    return validation != null && validation[r];
  }

  /**
   * The rows of this block split in two, each part in this block's row order: {@code [0]} the rows with
   * {@code second[r]} false, {@code [1]} those with it true. The parts carry no validation marks.
   */
  public CsrBlock[] split(boolean[] second) {
    if (second.length != numRows) {
      throw new IllegalArgumentException("Dimension mismatch: " + second.length + " flags for " + numRows + " rows");
    }
    final CsrBlock[] parts = new CsrBlock[2];
    for (int part = 0; part < 2; part++) {
      final boolean wanted = part == 1;
      int rows = 0;
      int nnz = 0;
      for (int r = 0; r < numRows; r++) {
        if (second[r] == wanted) {
          rows++;
          nnz += rowStart[r + 1] - rowStart[r];
        }
      }
      final int[] start = new int[rows + 1];
      final int[] idx = new int[nnz];
      final double[] val = new double[nnz];
      final int[] fld = fields == null ? null : new int[nnz];
      final double[] lab = new double[rows];
      final double[] wei = new double[rows];
      int k = 0;
      for (int r = 0; r < numRows; r++) {
        if (second[r] != wanted) {
          continue;
        }
        final int from = rowStart[r];
        final int len = rowStart[r + 1] - from;
        final int at = start[k];
        System.arraycopy(indices, from, idx, at, len);
        System.arraycopy(values, from, val, at, len);
        if (fld != null) {
          System.arraycopy(fields, from, fld, at, len);
        }
        lab[k] = labels[r];
        wei[k] = weights[r];
        start[++k] = at + len;
      }
      parts[part] = new CsrBlock(rows, dimension, start, idx, val, lab, wei, fld, null);
    }
    return parts;
  }

  /** The distinct feature indices of the block's rows, ascending. */
  public int[] distinctIndices() {
    final int[] all = java.util.Arrays.copyOf(indices, rowStart[numRows]);
    java.util.Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || all[i] != all[n - 1]) {
        all[n++] = all[i];
      }
    }
    return java.util.Arrays.copyOf(all, n);
  }

  /**
   * This block with each feature index replaced by its model row in {@code index}; entries whose feature
   * has no row are dropped (their count is {@link #numNonzeros()} of this block minus that of the result).
   * Rows, labels, weights and the order are kept.
   */
  public CsrBlock remap(io.sparkctr.models.FeatureIndex index) {
    final int total = rowStart[numRows];
    final int[] start = new int[numRows + 1];
    final int[] idx = new int[total];
    final double[] val = new double[total];
    final int[] fld = fields == null ? null : new int[total];
    for (int r = 0; r < numRows; r++) {
      final int at = start[r];
      final int kept = index.mapRow(indices, values, fields, rowStart[r], rowStart[r + 1], idx, val, fld, at);
      start[r + 1] = at + kept;
    }
    final int nnz = start[numRows];
    return new CsrBlock(numRows, index.size(), start, java.util.Arrays.copyOf(idx, nnz),
        java.util.Arrays.copyOf(val, nnz), labels, weights, fld == null ? null : java.util.Arrays.copyOf(fld, nnz),
        validation);
  }

  /** Sum of the rows' weights, and (in {@code [1]}) of the weights of the rows labelled 1. */
  public double[] weightSums() {
    double all = 0.0;
    double positive = 0.0;
    for (int r = 0; r < numRows; r++) {
      all += weights[r];
      positive += weights[r] * labels[r];
    }
    return new double[] {all, positive};
  }

  /** Whether each entry carries a field. */
  public boolean hasFields() {
    return fields != null;
  }

  /**
   * Rejects this block for a model of {@code numFeatures} features when its rows reach beyond them, or when the
   * model is field-aware ({@code needsFields}) and the rows carry no fields: the check every pass makes first.
   */
  public void checkFits(int numFeatures, boolean needsFields) {
    if (dimension() > numFeatures) {
      throw new IllegalArgumentException("Dimension mismatch: model has " + numFeatures + " features, rows have "
          + dimension());
    }
    if (needsFields && !hasFields() && numRows > 0) {
      throw new IllegalArgumentException("A field-aware model MUST get the field of every feature, but the rows"
          + " carry none: give a fields column (CtrFeaturizer's fieldsCol, or libffm input)");
    }
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
