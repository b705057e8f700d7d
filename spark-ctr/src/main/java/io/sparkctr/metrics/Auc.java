package io.sparkctr.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve, computed as the (weighted) Mann-Whitney U statistic: the probability that a random
 * positive scores higher than a random negative, ties counting one half (Hanley and McNeil, "The meaning and use of
 * the area under a receiver operating characteristic (ROC) curve", Radiology 1982; Fawcett, "An introduction to ROC
 * analysis", Pattern Recognition Letters 2006, Algorithm 2 with tie handling).
 *
 * <pre>
 * AUC = sum_{i pos} sum_{j neg} w_i w_j [s_i &gt; s_j] + 0.5 [s_i == s_j]   /   (W_pos W_neg)
 * </pre>
 *
 * <p>O(n log n): the distinct scores are sorted (primitive {@link Arrays#sort}), each example is assigned to its
 * score group by binary search, and one sweep accumulates the negative weight below each group. Memory: three
 * {@code double[n]} scratch arrays. Scores of {@code -0.0} and {@code 0.0} tie; NaN scores are rejected.
 */
public final class Auc {
  private Auc() {}

  /**
   * @param scores any monotone score (probability or margin) of the first {@code n} examples
   * @param labels 0 or 1
   * @param n number of examples, {@code <=} both array lengths
   * @return the AUC in [0, 1], or NaN when there is no positive or no negative example
   * @throws IllegalArgumentException on a NaN score, a label not in {0, 1} or arrays shorter than {@code n}
   */
  public static double of(double[] scores, double[] labels, int n) {
    return compute(scores, labels, null, n);
  }

  /**
   * Weighted AUC: each (positive, negative) pair counts {@code w_pos * w_neg}.
   *
   * @param weights non-negative finite weights
   * @return the AUC in [0, 1], or NaN when the total positive or negative weight is 0
   * @throws IllegalArgumentException as {@link #of(double[], double[], int)}, or on a negative, infinite or NaN
   *     weight
   */
  public static double of(double[] scores, double[] labels, double[] weights, int n) {
    Checks.checkLength("weights", weights, n);
    return compute(scores, labels, weights, n);
  }

  private static double compute(double[] scores, double[] labels, double[] weights, int n) {
    Checks.checkN(n);
    Checks.checkLength("scores", scores, n);
    Checks.checkLength("labels", labels, n);
    final double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      final double s = scores[i];
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("Scores MUST not be NaN, but got NaN at index " + i);
      }
      Checks.checkLabel(labels[i], i);
      if (weights != null) {
        Checks.checkWeight(weights[i], i);
      }
      sorted[i] = s + 0.0; // -0.0 + 0.0 == +0.0, so the two zeros fall into one group
    }
    Arrays.sort(sorted);
    int groups = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[groups - 1]) {
        sorted[groups++] = sorted[i];
      }
    }
    final double[] posWeight = new double[groups];
    final double[] negWeight = new double[groups];
    for (int i = 0; i < n; i++) {
      final int g = Arrays.binarySearch(sorted, 0, groups, scores[i] + 0.0);
      assert g >= 0;
      final double w = weights == null ? 1.0 : weights[i];
      if (labels[i] == 1.0) {
        posWeight[g] += w;
      } else {
        negWeight[g] += w;
      }
    }
    // Sums of positive counts stay exact up to 2^53 unweighted; weighted sums use Neumaier compensation.
    final NeumaierSum area = new NeumaierSum();
    final NeumaierSum negBelow = new NeumaierSum();
    final NeumaierSum totalPos = new NeumaierSum();
    for (int g = 0; g < groups; g++) {
      area.add(posWeight[g] * (negBelow.value() + 0.5 * negWeight[g]));
      negBelow.add(negWeight[g]);
      totalPos.add(posWeight[g]);
    }
    final double pos = totalPos.value();
    final double neg = negBelow.value();
    if (pos == 0.0 || neg == 0.0) {
      return Double.NaN;
    }
    return area.value() / pos / neg;
  }
}
