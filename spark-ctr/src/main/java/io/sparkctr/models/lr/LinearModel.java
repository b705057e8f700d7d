package io.sparkctr.models.lr;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.FeatureIndex;
import java.io.Serializable;

/**
 * Logistic regression over sparse rows: margin = intercept + sum_j w[j] x_j, probability =
 * sigmoid(margin). One weight per model row, i.e. per feature seen in training ({@link FeatureIndex});
 * a feature without a row has weight 0, so a row from a wider feature space than training's scores
 * its known features and ignores the rest. {@link LinearModelCodec} stores only the nonzeros. Knows
 * nothing about optimizers or Spark.
 */
public final class LinearModel implements Serializable {
  private static final long serialVersionUID = 2L;

  private final FeatureIndex index;
  private final double[] weights;
  private final double intercept;

  /**
   * @param index the features with a row
   * @param weights one weight per row (kept, not copied)
   */
  public LinearModel(FeatureIndex index, double[] weights, double intercept) {
    if (weights.length != index.size()) {
      throw new IllegalArgumentException("Dimension mismatch: " + weights.length + " weights for " + index.size()
          + " model rows");
    }
    this.index = index;
    this.weights = weights;
    this.intercept = intercept;
  }

  /** A model with a row for every feature of {@code [0, weights.length)}, feature j's weight {@code weights[j]}. */
  public LinearModel(double[] weights, double intercept) {
    this(FeatureIndex.identity(weights.length), weights, intercept);
  }

  /** From flat parameters in logistic regression's layout: one weight per row, then the intercept when fitted. */
  public static LinearModel fromParameters(double[] parameters, FeatureIndex index, boolean fitIntercept) {
    final int rows = index.size();
    if (parameters.length != (fitIntercept ? rows + 1 : rows)) {
      throw new IllegalArgumentException("Dimension mismatch: " + parameters.length + " parameters for "
          + rows + " model rows" + (fitIntercept ? " and an intercept" : ""));
    }
    return new LinearModel(index, java.util.Arrays.copyOf(parameters, rows), fitIntercept ? parameters[rows] : 0.0);
  }

  /** The size of the feature space the model was trained on (its features are below it). */
  public int numFeatures() {
    return index.numFeatures();
  }

  /** The features with a weight (seen in training). */
  public FeatureIndex featureIndex() {
    return index;
  }

  public double intercept() {
    return intercept;
  }

  /** The weight of feature {@code j}, 0 when the model has no row for it. */
  public double weight(int j) {
    final int r = index.row(j);
    return r < 0 ? 0.0 : weights[r];
  }

  /** The weight of model row {@code r} (feature {@code featureIndex().feature(r)}). */
  public double rowWeight(int r) {
    return weights[r];
  }

  /** The weights by feature, {@code [0, numFeatures())}: a dense copy (O(feature space)). */
  public double[] weights() {
    final double[] out = new double[numFeatures()];
    for (int r = 0; r < weights.length; r++) {
      out[index.feature(r)] = weights[r];
    }
    return out;
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

  /** The margin of one sparse row; features without a model row add nothing. */
  public double margin(int[] indices, double[] values, int from, int to) {
    final double[] w = weights;
    double m = intercept;
    for (int p = from; p < to; p++) {
      final int r = index.row(indices[p]);
      if (r >= 0) {
        m += w[r] * values[p];
      }
    }
    return m;
  }

  /** The click probability of one sparse row. */
  public double probability(int[] indices, double[] values, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, from, to));
  }
}
