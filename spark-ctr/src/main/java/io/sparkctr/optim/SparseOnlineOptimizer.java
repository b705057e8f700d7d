package io.sparkctr.optim;

import java.io.Serializable;

/**
 * A per-coordinate online optimizer over a weight vector, with all state in primitive arrays sized
 * to the model.
 *
 * <p>One <em>step</em> is one example (or one mini-batch), and the step loss is that example's loss
 * (algorithms.md section 0: under mini-batches, the mean). Steps are numbered {@code s = 1, 2, ...};
 * {@link #endStep()} closes step {@code s}. A trainer runs one step as
 *
 * <pre>
 *   for each coordinate i of the row: w_i = weight(i)           // brings i up to date (lazy catch-up)
 *   g = the step loss's gradient at those weights
 *   for each coordinate i of the row: update(i, g_i, w_i)
 *   endStep()
 * </pre>
 *
 * <p>Coordinates not updated in a step are treated as having a zero gradient at that step: they still
 * receive every penalty, truncation or decay of the step, but lazily, when they are next read. The
 * lazy result equals the eager one (every step applied to every coordinate) up to rounding (1e-12 in
 * the tests).
 *
 * <p>Coordinates {@code [0, numRegularized)} get the penalty; the rest (the intercept) get the
 * algorithm's plain, unpenalised update. Implementations are not thread-safe; {@link #copy()} gives
 * an independent state, e.g. one per partition.
 */
public interface SparseOnlineOptimizer extends Serializable {
  /** The number of coordinates. */
  int dimension();

  /** Coordinates {@code [0, numRegularized())} are penalised; the rest (the intercept) are not. */
  int numRegularized();

  /**
   * The weight of coordinate {@code i} at the current step, after applying (exactly) every penalty or
   * truncation step it missed since it was last current. May update the coordinate's stored state (the
   * catch-up); calling it again in the same step returns the same value. Must be called for each
   * coordinate before {@link #update} in a step.
   *
   * @param i coordinate in {@code [0, dimension())}
   */
  double weight(int i);

  /**
   * One step on coordinate {@code i}. At most once per coordinate per step: sum the gradients of
   * duplicate indices first (algorithms.md section 6.6).
   *
   * @param i coordinate in {@code [0, dimension())}
   * @param g the step loss's gradient with respect to w_i
   * @param w the weight the gradient was computed at: {@link #weight(int)} read this step
   */
  void update(int i, double g, double w);

  /**
   * Ends the current step: advances the global step counter (learning-rate schedules, truncation every
   * K steps, RDA's t). Called once per example (or mini-batch), after its updates.
   */
  void endStep();

  /**
   * Applies all pending lazy catch-up so every coordinate's stored state is current (e.g. before export
   * or averaging), and writes the weights into {@code out}.
   *
   * @param out buffer of length {@link #dimension()}
   * @throws IllegalArgumentException if the length differs
   */
  void weights(double[] out);

  /** An independent copy of this state (same hyperparameters, same step counter). */
  SparseOnlineOptimizer copy();

  /**
   * A state a pass may update without changing this one, starting from this one's values. By default a
   * {@link #copy()} (O(model)); an optimizer may instead return a copy-on-touch view that reads this state
   * and stores only the coordinates it writes, while this state stays unchanged.
   */
  default SparseOnlineOptimizer privateView() {
    return copy();
  }
}
