package io.sparkctr.train;

import io.sparkctr.optim.dense.DenseOptimizer;
import java.io.Serializable;

/**
 * A DeepFM model in training: its sparse rows (one (1 + k) row per feature: first-order weight, then
 * the embedding), its dense parameters (the MLP, the intercept) and the optimizer with its state.
 */
public final class DeepFmState implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] sparse;
  final double[] dense;
  final DenseOptimizer optimizer;

  public DeepFmState(double[] sparse, double[] dense, DenseOptimizer optimizer) {
    optimizer.layout().checkParameters(sparse, dense);
    this.sparse = sparse;
    this.dense = dense;
    this.optimizer = optimizer;
  }

  /**
   * An independent copy of sparse rows {@code rows} (row {@code rows[r]} as row r), the dense parameters and
   * the optimizer's state of both ({@link DenseOptimizer#rowsOf}): a task's share, sized to its rows.
   */
  public DeepFmState rowsOf(int[] rows) {
    final int width = optimizer.layout().rowWidth();
    final double[] out = new double[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(sparse, rows[r] * width, out, r * width, width);
    }
    return new DeepFmState(out, dense.clone(), optimizer.rowsOf(rows));
  }

  /** An independent copy (parameters and optimizer state). */
  public DeepFmState copy() {
    return new DeepFmState(sparse.clone(), dense.clone(), optimizer.copy());
  }

  public double[] sparse() {
    return sparse;
  }

  public double[] dense() {
    return dense;
  }

  public DenseOptimizer optimizer() {
    return optimizer;
  }
}
