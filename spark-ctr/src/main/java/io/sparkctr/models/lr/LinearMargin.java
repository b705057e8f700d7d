package io.sparkctr.models.lr;

import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.MarginGradient;
import java.util.function.IntToDoubleFunction;

/**
 * Logistic regression's margin, intercept + sum_j w_j x_j, over the layout [w_0 .. w_{n-1} | intercept].
 * The derivative with respect to w_j is x_j. Rows are expected to list each index once.
 */
public final class LinearMargin implements MarginFunction {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final boolean fitIntercept;

  public LinearMargin(int numFeatures, boolean fitIntercept) {
    if (numFeatures < 0 || numFeatures == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("numFeatures MUST be in [0, 2^31 - 1), but got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.fitIntercept = fitIntercept;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int dimension() {
    return fitIntercept ? numFeatures + 1 : numFeatures;
  }

  @Override
  public int numRegularized() {
    return numFeatures;
  }

  @Override
  public boolean fitIntercept() {
    return fitIntercept;
  }

  @Override
  public double margin(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to) {
    double m = 0.0;
    for (int p = from; p < to; p++) {
      m += weights.applyAsDouble(indices[p]) * values[p];
    }
    return fitIntercept ? m + weights.applyAsDouble(numFeatures) : m;
  }

  @Override
  public double forward(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to,
      MarginGradient out) {
    out.reset(to - from + 1);
    double m = 0.0;
    for (int p = from; p < to; p++) {
      final double w = weights.applyAsDouble(indices[p]);
      m += w * values[p];
      out.add(indices[p], values[p], w);
    }
    if (fitIntercept) {
      final double b = weights.applyAsDouble(numFeatures);
      m += b;
      out.add(numFeatures, 1.0, b);
    }
    return m;
  }

  @Override
  public String toString() {
    return "LinearMargin(numFeatures=" + numFeatures + ", fitIntercept=" + fitIntercept + ")";
  }
}
