package io.sparkctr.models;

import java.io.Serializable;
import java.util.function.IntToDoubleFunction;

/**
 * A model's margin (logit) as a function of one flat parameter vector, and its gradient per parameter
 * coordinate: what the training pass needs from a model. The parameters are read through a function
 * (the optimizer's lazily caught-up weights while training, an array when scoring), so models know
 * nothing about optimizers or Spark.
 *
 * <p>Layout contract: coordinates {@code [0, numRegularized())} are penalised parameters; when
 * {@link #fitIntercept()}, coordinate {@code numRegularized()} is the unpenalised intercept and
 * {@link #dimension()} is one more.
 */
public interface MarginFunction extends Serializable {
  /** Size of the feature space: row indices are in {@code [0, numFeatures())}. */
  int numFeatures();

  /** Parameter coordinates, the intercept included. */
  int dimension();

  /** Coordinates {@code [0, numRegularized())} are penalised; the intercept (if any) follows them. */
  int numRegularized();

  boolean fitIntercept();

  /** Whether rows must carry a field per entry (field-aware models). */
  default boolean needsFields() {
    return false;
  }

  /**
   * The margin of one row.
   *
   * @param weights the parameter of each coordinate
   * @param fields the field of each entry, or null when {@link #needsFields()} is false
   * @param from the row's entries are {@code indices/values/fields[from, to)}
   */
  double margin(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to);

  /**
   * The margin of one row, and into {@code out} every coordinate the margin depends on with its
   * derivative d(margin)/d(coordinate) and the weight read, each coordinate once; the intercept, when
   * fitted, comes last. Reads each weight once.
   */
  double forward(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to,
      MarginGradient out);

  /** The parameters training starts from (random factors), or null for all zeros. */
  default double[] initialWeights() {
    return null;
  }
}
