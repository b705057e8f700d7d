package io.sparkctr.optim;

/**
 * Optimizers whose whole state is (mostly) the weights: the SGD family (SGD, AdaGrad, L1-SGD,
 * truncation, truncated gradient, FOBOS). Parallel passes merge by averaging the weights
 * ({@link AveragingMerge}, algorithms.md section 10, pattern 3).
 */
public interface WeightAveraging extends SparseOnlineOptimizer {
  /**
   * Sets coordinate i's weight to {@code w} as of the current step, then applies the optimizer's
   * proximal, truncation or decay part once, as a step with a zero gradient would. This is what
   * keeps exact zeros after averaging: the mean of a zero and a small nonzero weight is thresholded
   * again. Call {@link #weight(int)} first, in the same step.
   */
  void mergeWeight(int i, double w);

  /** Per-coordinate accumulator increment to sum across partitions (AdaGrad's n); 0 by default. */
  default double accumulatorIncrement(SparseOnlineOptimizer base, int i) {
    return 0.0;
  }

  /** Adds a summed accumulator increment (AdaGrad's n); nothing by default. */
  default void addAccumulator(int i, double increment) {}
}
