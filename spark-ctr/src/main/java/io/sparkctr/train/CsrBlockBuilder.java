package io.sparkctr.train;

import java.util.Arrays;

/**
 * Accumulates rows into a {@link CsrBlock}, growing its arrays geometrically. Validates what the
 * optimizers rely on: labels in {0, 1}, finite non-negative weights, finite feature values and
 * non-negative indices.
 */
public final class CsrBlockBuilder {
  private int numRows;
  private int dimension;
  private int[] rowStart = new int[17];
  private int[] indices = new int[256];
  private double[] values = new double[256];
  private double[] labels = new double[16];
  private double[] weights = new double[16];
  private int[] fields; // allocated by the first row with fields; then every row must have them
  private boolean[] validation; // allocated by the first row marked as validation data

  /**
   * Appends one row; {@code indices/values[0, nnz)} are copied.
   *
   * @param size the row's declared feature-space size (a vector's size); every index must be below it
   * @param rowId how the caller names this row in error messages (e.g. its position in the input)
   */
  public void add(double label, double weight, int[] rowIndices, double[] rowValues, int nnz, int size, long rowId) {
    add(label, weight, rowIndices, rowValues, null, nnz, size, rowId);
  }

  /**
   * Appends one row whose entries carry fields ({@code rowFields[0, nnz)}, non-negative), or none
   * (null). All rows of a block have fields or none do.
   */
  public void add(double label, double weight, int[] rowIndices, double[] rowValues, int[] rowFields, int nnz,
      int size, long rowId) {
    if ((rowFields != null) != (fields != null) && numRows > 0) {
      throw new IllegalArgumentException("Every row MUST carry fields or none may, but row " + rowId
          + (rowFields == null ? " has none and earlier rows have them" : " has them and earlier rows do not"));
    }
    if (rowFields != null && fields == null) {
      fields = new int[indices.length];
    }
    if (label != 0.0 && label != 1.0) {
      throw new IllegalArgumentException("Labels MUST be in {0, 1}, but got " + label + " (row " + rowId + ")");
    }
    if (!(weight >= 0.0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "Weights MUST be non-negative and finite, but got " + weight + " (row " + rowId + ")");
    }
    final int start = rowStart[numRows];
    ensureNonzeros(start + nnz);
    for (int p = 0; p < nnz; p++) {
      final int j = rowIndices[p];
      final double v = rowValues[p];
      if (j < 0 || j >= size) {
        throw new IllegalArgumentException(
            "Feature index MUST be in [0, " + size + "), but got " + j + " (row " + rowId + ")");
      }
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "Feature values MUST be finite, but got " + v + " at index " + j + " (row " + rowId + ")");
      }
      indices[start + p] = j;
      values[start + p] = v;
      if (rowFields != null) {
        if (rowFields[p] < 0) {
          throw new IllegalArgumentException(
              "Field indices MUST be >= 0, but got " + rowFields[p] + " at index " + j + " (row " + rowId + ")");
        }
        fields[start + p] = rowFields[p];
      }
    }
    if (numRows == labels.length) {
      labels = Arrays.copyOf(labels, 2 * numRows);
      weights = Arrays.copyOf(weights, 2 * numRows);
      rowStart = Arrays.copyOf(rowStart, 2 * numRows + 1);
    }
    dimension = Math.max(dimension, size);
    labels[numRows] = label;
    weights[numRows] = weight;
    numRows++;
    rowStart[numRows] = start + nnz;
  }

  private void ensureNonzeros(int needed) {
    if (needed > indices.length) {
      int size = Math.max(needed, indices.length * 2);
      indices = Arrays.copyOf(indices, size);
      values = Arrays.copyOf(values, size);
      if (fields != null) {
        fields = Arrays.copyOf(fields, size);
      }
    }
  }

  public int numRows() {
    return numRows;
  }

  /** Marks the row added last as validation data (a validation indicator column said so). */
  public void markLastAsValidation() {
    if (numRows == 0) {
      throw new IllegalStateException("No row to mark: add one first");
    }
    if (validation == null) {
      validation = new boolean[labels.length];
    } else if (validation.length < labels.length) {
      validation = Arrays.copyOf(validation, labels.length);
    }
    validation[numRows - 1] = true;
  }

  /** The rows added so far, in arrays trimmed to size. */
  public CsrBlock build() {
    final int nnz = rowStart[numRows];
    return new CsrBlock(
        numRows,
        dimension,
        Arrays.copyOf(rowStart, numRows + 1),
        Arrays.copyOf(indices, nnz),
        Arrays.copyOf(values, nnz),
        Arrays.copyOf(labels, numRows),
        Arrays.copyOf(weights, numRows),
        fields == null ? null : Arrays.copyOf(fields, nnz),
        validation == null ? null : Arrays.copyOf(validation, numRows));
  }
}
