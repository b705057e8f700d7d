package io.sparkctr.models.kernel;

import io.sparkctr.models.RowKernel;

/**
 * Logistic regression as row tables: table 0 the weights (a row of width 1 per feature), table 1 the
 * intercept (one unpenalised row) when fitted. margin = b + sum_j w_j x_j; d(margin)/d(w_j) = x_j. An
 * example's entries must list each index once (the readers and featurizers merge duplicates).
 */
public final class LinearKernel implements RowKernel {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final boolean fitIntercept;

  public LinearKernel(int numFeatures, boolean fitIntercept) {
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures MUST be >= 0, but got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.fitIntercept = fitIntercept;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  public boolean fitIntercept() {
    return fitIntercept;
  }

  @Override
  public int numTables() {
    return fitIntercept ? 2 : 1;
  }

  @Override
  public int tableRows(int t) {
    return t == 0 ? numFeatures : 1;
  }

  @Override
  public int width(int t) {
    return 1;
  }

  @Override
  public boolean penalized(int t) {
    return t == 0;
  }

  @Override
  public int maxRows(int t, int nnz) {
    return t == 0 ? nnz : 1;
  }

  @Override
  public int rowsPerFeature(int t) {
    return t == 0 ? 1 : 0;
  }

  @Override
  public void rows(int[] indices, int[] fields, int from, int to, int[][] rows, int[] counts) {
    System.arraycopy(indices, from, rows[0], 0, to - from);
    counts[0] = to - from;
    if (fitIntercept) {
      rows[1][0] = 0;
      counts[1] = 1;
    }
  }

  @Override
  public double forward(float[][] data, int[][] offsets, int[] counts, int[] indices, double[] values, int[] fields,
      int from, int to, double[][] derivatives) {
    final float[] w = data[0];
    final int[] off = offsets[0];
    double m = 0.0;
    for (int k = 0, p = from; p < to; k++, p++) {
      m += w[off[k]] * values[p];
    }
    if (derivatives != null) {
      System.arraycopy(values, from, derivatives[0], 0, to - from);
    }
    if (fitIntercept) {
      m += data[1][offsets[1][0]];
      if (derivatives != null) {
        derivatives[1][0] = 1.0;
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "LinearKernel(numFeatures=" + numFeatures + ", fitIntercept=" + fitIntercept + ")";
  }
}
