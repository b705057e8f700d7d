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
