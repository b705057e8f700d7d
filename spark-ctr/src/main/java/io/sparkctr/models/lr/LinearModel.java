package io.sparkctr.models.lr;

import io.sparkctr.metrics.Numerics;
import java.io.Serializable;

/**
 * Logistic regression over sparse rows: margin = intercept + sum_j w[j] x_j, probability =
 * sigmoid(margin). Dense weights for O(nnz) scoring; {@link LinearModelCodec} stores only the nonzeros.
 * Knows nothing about optimizers or Spark.
 */
public final class LinearModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] weights;
  private final double intercept;

  /** @param weights one weight per feature (kept, not copied) */
  public LinearModel(double[] weights, double intercept) {
    this.weights = weights;
    this.intercept = intercept;
  }

  /** From flat parameters in logistic regression's layout: the weights, then the intercept when fitted. */
  public static LinearModel fromParameters(double[] parameters, int numFeatures, boolean fitIntercept) {
    if (parameters.length != (fitIntercept ? numFeatures + 1 : numFeatures)) {
      throw new IllegalArgumentException("Dimension mismatch: " + parameters.length + " parameters for "
          + numFeatures + " features" + (fitIntercept ? " and an intercept" : ""));
    }
    return new LinearModel(java.util.Arrays.copyOf(parameters, numFeatures),
        fitIntercept ? parameters[numFeatures] : 0.0);
  }

  public int numFeatures() {
    return weights.length;
  }

  public double intercept() {
    return intercept;
  }

  /** The weight of feature {@code j}. */
  public double weight(int j) {
    return weights[j];
  }

  /** A copy of the weights. */
  public double[] weights() {
    return weights.clone();
  }

  /** Number of features whose weight is not exactly zero (the intercept is not counted). */
  public int numNonzeros() {
    int count = 0;
    for (double w : weights) {
      if (w != 0.0) {
        count++;
      }
    }
    return count;
  }

  /**
   * The margin of one sparse row. Indices at or beyond {@link #numFeatures()} are rejected: a row from
   * a wider feature space than the model was trained on is a caller error, not a zero weight.
   */
  public double margin(int[] indices, double[] values, int from, int to) {
    final double[] w = weights;
    double m = intercept;
    for (int p = from; p < to; p++) {
      final int j = indices[p];
      if (j >= w.length) {
        throw new IllegalArgumentException(
            "Dimension mismatch: model has " + w.length + " features, row has index " + j);
      }
      m += w[j] * values[p];
    }
    return m;
  }

  /** The click probability of one sparse row. */
  public double probability(int[] indices, double[] values, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, from, to));
  }
}
