package io.sparkctr.optim.dense;

/**
 * The values of the rows (and optionally the dense parameters) a perturbation is about to change, so
 * that they can be copied back bit for bit: w + e - e is not w in floating point, and Helen's and SAM's
 * reference code restore a saved copy too. Grows by doubling; allocates nothing once large enough.
 */
final class SavedParameters {
  private final int width;
  private int[] rows = new int[0];
  private double[] rowValues = new double[0];
  private final double[] dense;
  private int count;
  private boolean denseSaved;

  SavedParameters(ParameterLayout layout) {
    this.width = layout.rowWidth();
    this.dense = new double[layout.denseSize()];
  }

  /** Saves the full rows of {@code g}'s slots, and {@code dense} when {@code includeDense}. */
  void save(double[] sparse, double[] dense, SparseGradient g, boolean includeDense) {
    final int n = g.count();
    if (n > rows.length) {
      final int capacity = Math.max(n, 2 * rows.length);
      rows = new int[capacity];
      rowValues = new double[capacity * width];
    }
    for (int s = 0; s < n; s++) {
      final int r = g.row(s);
      rows[s] = r;
      System.arraycopy(sparse, r * width, rowValues, s * width, width);
    }
    count = n;
    denseSaved = includeDense;
    if (includeDense) {
      System.arraycopy(dense, 0, this.dense, 0, dense.length);
    }
  }

  /** Copies the saved values back. */
  void restore(double[] sparse, double[] dense) {
    for (int s = 0; s < count; s++) {
      System.arraycopy(rowValues, s * width, sparse, rows[s] * width, width);
    }
    if (denseSaved) {
      System.arraycopy(this.dense, 0, dense, 0, dense.length);
    }
  }
}
