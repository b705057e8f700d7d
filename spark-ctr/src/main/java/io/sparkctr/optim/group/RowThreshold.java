package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;

/** The group soft threshold both group kernels share (tfplus's row-wise rule, algorithms.md section 7). */
public final class RowThreshold {
  private RowThreshold() {}

  /**
   * The row's group factor: with s = -soft(z, l1) over the row {@code z[from, from + size)},
   * {@code 1 - threshold / ||s||_2} if {@code ||s||_2 > threshold}, else 0 (the whole row is zero). The
   * row's weights are then {@code s_j * factor / denominator_j}. With {@code threshold = 0} the factor is
   * exactly 1 for any row with a nonzero s.
   */
  public static double factor(double[] z, int from, int size, double l1, double threshold) {
    double sumSq = 0.0;
    for (int j = from; j < from + size; j++) {
      final double s = OptimizerChecks.soft(z[j], l1);
      sumSq += s * s;
    }
    final double norm = Math.sqrt(sumSq);
    return norm > threshold ? 1.0 - threshold / norm : 0.0;
  }
}
