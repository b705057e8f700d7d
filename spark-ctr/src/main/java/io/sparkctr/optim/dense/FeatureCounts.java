package io.sparkctr.optim.dense;

import java.io.Serializable;

/**
 * What Helen's radii need to know of the sparse rows an optimizer holds: each row's field and dataset count
 * N, and per field the largest N over every feature of the model. The radius of a row is relative to its
 * field's largest count, so a task holding a few rows of the model ({@link DenseOptimizer#rowsOf}) takes
 * {@link #rows} of the model's statistics, not statistics of its own rows.
 *
 * @param fieldOfRow each row's field, ids &gt;= 0
 * @param countOfRow each row's N, finite and &gt;= 0
 * @param maxCountOfField per field, the largest N of the model's features (its length is the model's fields)
 */
public record FeatureCounts(int[] fieldOfRow, double[] countOfRow, double[] maxCountOfField) implements Serializable {
  public FeatureCounts {
    if (fieldOfRow.length != countOfRow.length) {
      throw new IllegalArgumentException("Dimension mismatch: " + fieldOfRow.length + " fields, "
          + countOfRow.length + " counts");
    }
    for (int j = 0; j < fieldOfRow.length; j++) {
      if (fieldOfRow[j] < 0 || fieldOfRow[j] >= maxCountOfField.length) {
        throw new IllegalArgumentException("Helen field ids MUST be in [0, " + maxCountOfField.length
            + "), but got " + fieldOfRow[j] + " for feature " + j);
      }
      if (!(countOfRow[j] >= 0) || !Double.isFinite(countOfRow[j])) {
        throw new IllegalArgumentException(
            "Helen counts MUST be finite and >= 0, but got " + countOfRow[j] + " for feature " + j);
      }
    }
  }

  /**
   * The model's statistics: every feature's field and count, each field's largest count computed here.
   *
   * @param counts each feature's N, or null when only the fields are known (Helen's official code counts each
   *     batch instead): all 0
   */
  public static FeatureCounts of(int[] fieldOfFeature, double[] counts) {
    int numFields = 0;
    for (int j = 0; j < fieldOfFeature.length; j++) {
      if (fieldOfFeature[j] < 0) {
        throw new IllegalArgumentException(
            "Helen field ids MUST be >= 0, but got " + fieldOfFeature[j] + " for feature " + j);
      }
      numFields = Math.max(numFields, fieldOfFeature[j] + 1);
    }
    final double[] n = counts == null ? new double[fieldOfFeature.length] : counts;
    if (n.length != fieldOfFeature.length) {
      throw new IllegalArgumentException(
          "Dimension mismatch: layout has " + fieldOfFeature.length + " rows, counts has " + n.length);
    }
    final double[] max = new double[numFields];
    for (int j = 0; j < n.length; j++) {
      if (n[j] > max[fieldOfFeature[j]]) {
        max[fieldOfFeature[j]] = n[j];
      }
    }
    return new FeatureCounts(fieldOfFeature.clone(), n.clone(), max);
  }

  /** The statistics of rows {@code rows} (row {@code rows[r]} as row r), the fields' maxima unchanged. */
  public FeatureCounts rows(int[] rows) {
    final int[] fields = new int[rows.length];
    final double[] counts = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      fields[r] = fieldOfRow[rows[r]];
      counts[r] = countOfRow[rows[r]];
    }
    return new FeatureCounts(fields, counts, maxCountOfField);
  }

  /** The model's fields. */
  public int numFields() {
    return maxCountOfField.length;
  }

  /** The paper's scale of row r's radius: max(N / max N in its field, zeta), or zeta when the field has no counts. */
  double scale(int r, double zeta) {
    final double max = maxCountOfField[fieldOfRow[r]];
    return max > 0 ? Math.max(countOfRow[r] / max, zeta) : zeta;
  }
}
