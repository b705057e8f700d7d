package io.sparkctr.metrics;

/**
 * Numerically stable scalar functions for the logistic model.
 *
 * <p>{@link #log1pExp} follows Spark's {@code org.apache.spark.mllib.util.MLUtils.log1pExp}: for {@code x > 0},
 * {@code log(1 + e^x) = x + log1p(e^-x)}, so {@code exp} never overflows.
 */
public final class Numerics {
  private Numerics() {}

  /**
   * The logistic function {@code 1 / (1 + e^-m)}, evaluated without overflow: for {@code m < 0} as {@code e^m / (1 +
   * e^m)}.
   *
   * @param margin any double; NaN gives NaN
   * @return the probability in [0, 1]
   */
  public static double sigmoid(double margin) {
    if (margin >= 0) {
      return 1.0 / (1.0 + Math.exp(-margin));
    }
    final double e = Math.exp(margin);
    return e / (1.0 + e);
  }

  /**
   * {@code log(1 + exp(x))} without overflow (Spark's MLUtils.log1pExp).
   *
   * @param x any double
   * @return a value {@code >= 0}, about {@code x} for large {@code x} and about {@code e^x} for very negative x
   */
  public static double log1pExp(double x) {
    if (x > 0) {
      return x + Math.log1p(Math.exp(-x));
    }
    return Math.log1p(Math.exp(x));
  }

  /**
   * The logistic loss {@code log(1 + e^m) - y m} of a margin {@code m} for a label {@code y} in {0, 1}. Evaluated as
   * {@code (1 - y) log1pExp(m) + y log1pExp(-m)}, which is the same quantity (since {@code log1pExp(-m) = log1pExp(m)
   * - m}) without the cancellation of subtracting {@code y m} from a large {@code log1pExp(m)}.
   *
   * @param margin the raw score
   * @param label 0 or 1 (other values are used as soft labels)
   * @return the loss, {@code >= 0} for labels in [0, 1]
   */
  public static double logisticLoss(double margin, double label) {
    if (label == 0.0) {
      return log1pExp(margin);
    }
    if (label == 1.0) {
      return log1pExp(-margin);
    }
    return (1.0 - label) * log1pExp(margin) + label * log1pExp(-margin);
  }
}
