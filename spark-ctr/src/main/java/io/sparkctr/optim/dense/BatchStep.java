package io.sparkctr.optim.dense;

/**
 * One mini-batch step of a base {@link DenseOptimizer} driven by a {@link GradientOracle}: {@link
 * PlainStep} (one evaluation), {@link SamStep} and {@link HelenStep} (two: at w, then at a perturbed
 * w + e that is undone before the base step). Holds reusable gradient buffers, so a step allocates
 * nothing once they are large enough. Not thread-safe; {@link #copy()} per thread or partition.
 */
public interface BatchStep {
  /**
   * Runs one step on the batch the oracle evaluates, updating the parameters in place.
   *
   * @param sparse the sparse rows, {@code base().layout().sparseSize()} long
   * @param dense the dense parameters, {@code base().layout().denseSize()} long
   * @param oracle the mean batch loss and its gradient
   * @return the mean batch loss at the parameters before the step (the first evaluation)
   */
  double step(double[] sparse, double[] dense, GradientOracle oracle);

  /** The number of oracle evaluations of the last step (0 before the first). */
  int lastEvaluations();

  /** The base optimizer this step updates with (its state, learning rates and step counter). */
  DenseOptimizer base();

  /** An independent copy: a copy of the base optimizer and fresh buffers. */
  BatchStep copy();
}
