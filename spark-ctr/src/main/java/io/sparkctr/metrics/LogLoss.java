package io.sparkctr.metrics;

/**
 * Mean binary log loss (cross-entropy) of predicted probabilities:
 *
 * <pre>
 * LogLoss = - sum_i w_i (y_i log p_i + (1 - y_i) log(1 - p_i)) / sum_i w_i
 * </pre>
 *
 * <p>Probabilities are clamped to {@code [1e-15, 1 - 1e-15]} (the convention of scikit-learn's {@code log_loss}
 * and of the Kaggle CTR competitions), so a confident wrong prediction costs about 34.5 instead of infinity.
 * {@code log(1 - p)} is computed as {@code log1p(-p)}. Sums use Neumaier compensation ({@link NeumaierSum}).
 */
public final class LogLoss {
  /** Clamp bound for probabilities. */
  public static final double EPSILON = 1e-15;

  private LogLoss() {}

  /**
   * @param probabilities predicted P(y = 1) in [0, 1]
   * @param labels 0 or 1
   * @param n number of examples, {@code <=} both array lengths
   * @return the mean log loss, or NaN if {@code n == 0}
   * @throws IllegalArgumentException on a probability outside [0, 1] (or NaN), a label not in {0, 1} or short
   *     arrays
   */
  public static double of(double[] probabilities, double[] labels, int n) {
    return compute(probabilities, labels, null, n);
  }

  /**
   * Weighted mean log loss.
   *
   * @param weights non-negative finite weights
   * @return the weighted mean, or NaN if the total weight is 0
   */
  public static double of(double[] probabilities, double[] labels, double[] weights, int n) {
    Checks.checkLength("weights", weights, n);
    return compute(probabilities, labels, weights, n);
  }

  private static double compute(double[] probabilities, double[] labels, double[] weights, int n) {
    Checks.checkN(n);
    Checks.checkLength("probabilities", probabilities, n);
    Checks.checkLength("labels", labels, n);
    final NeumaierSum loss = new NeumaierSum();
    final NeumaierSum total = new NeumaierSum();
    for (int i = 0; i < n; i++) {
      final double p = probabilities[i];
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("Probabilities MUST be in [0, 1], but got " + p + " at index " + i);
      }
      final double y = labels[i];
      Checks.checkLabel(y, i);
      final double w;
      if (weights == null) {
        w = 1.0;
      } else {
        w = weights[i];
        Checks.checkWeight(w, i);
      }
      final double q = Math.min(Math.max(p, EPSILON), 1.0 - EPSILON);
      final double l = y == 1.0 ? -Math.log(q) : -Math.log1p(-q);
      loss.add(w * l);
      total.add(w);
    }
    final double t = total.value();
    return t == 0.0 ? Double.NaN : loss.value() / t;
  }
}
