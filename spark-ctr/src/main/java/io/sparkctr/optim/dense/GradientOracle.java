package io.sparkctr.optim.dense;

/**
 * The model kernel on the current mini-batch, as seen by a {@link BatchStep}: the mean batch loss and
 * its gradient at given parameters. A sharpness-aware step calls it twice per batch, at w and at w + e,
 * so it must evaluate the <em>same</em> batch each time (and, to be reproducible, deterministically).
 */
@FunctionalInterface
public interface GradientOracle {
  /**
   * Evaluates the mean loss over the batch at {@code (sparse, dense)} and adds its gradient into the
   * buffers. On entry {@code sparseGrad} is empty and {@code denseGrad} is all 0 (the caller clears
   * them); the oracle adds every touched row with {@link SparseGradient#slot(int)} and accumulates into
   * it, and, for Helen's official-code mode, records each feature's occurrences in the batch with {@link
   * SparseGradient#addOccurrences}. It must not modify the parameters.
   *
   * @param sparse the sparse rows (read only)
   * @param dense the dense parameters (read only)
   * @param sparseGrad receives the gradient of the touched rows, full rows
   * @param denseGrad receives the dense gradient
   * @return the mean batch loss at these parameters
   */
  double evaluate(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad);
}
