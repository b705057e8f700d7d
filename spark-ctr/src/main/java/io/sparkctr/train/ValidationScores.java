package io.sparkctr.train;

import io.sparkctr.metrics.Auc;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.metrics.Numerics;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The margins of validation rows with their labels and weights: one block's, or several merged (the
 * per-partition results of a Spark job are concatenated on the driver), from which the exact weighted
 * AUC and log loss follow. 20 bytes per row cross the network.
 */
public final class ValidationScores implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Scores rows of a block: the margin of each row, in the block's order, into {@code out}. */
  @FunctionalInterface
  public interface BlockScorer extends Serializable {
    void margins(CsrBlock block, double[] out);
  }

  private final double[] margins;
  private final double[] labels;
  private final double[] weights;

  private ValidationScores(double[] margins, double[] labels, double[] weights) {
    this.margins = margins;
    this.labels = labels;
    this.weights = weights;
  }

  public static ValidationScores empty() {
    return new ValidationScores(new double[0], new double[0], new double[0]);
  }

  /** Scores every row of {@code block}. */
  public static ValidationScores of(CsrBlock block, BlockScorer scorer) {
    final double[] margins = new double[block.numRows()];
    scorer.margins(block, margins);
    return new ValidationScores(margins, block.labels.clone(), block.weights.clone());
  }

  /** Both sets of rows. */
  public static ValidationScores merge(ValidationScores a, ValidationScores b) {
    if (a.margins.length == 0) {
      return b;
    }
    if (b.margins.length == 0) {
      return a;
    }
    return new ValidationScores(concat(a.margins, b.margins), concat(a.labels, b.labels),
        concat(a.weights, b.weights));
  }

  private static double[] concat(double[] a, double[] b) {
    final double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public int rows() {
    return margins.length;
  }

  /**
   * Weighted AUC and mean log loss of the rows; a model that diverged (a non-finite margin) gets AUC NaN
   * and log loss +Infinity.
   */
  public ValidationMetrics metrics() {
    final int n = margins.length;
    for (double m : margins) {
      if (Double.isNaN(m)) {
        return new ValidationMetrics(Double.NaN, Double.POSITIVE_INFINITY, n);
      }
    }
    final double[] probabilities = new double[n];
    for (int i = 0; i < n; i++) {
      probabilities[i] = Numerics.sigmoid(margins[i]);
    }
    return new ValidationMetrics(Auc.of(margins, labels, weights, n), LogLoss.of(probabilities, labels, weights, n),
        n);
  }
}
