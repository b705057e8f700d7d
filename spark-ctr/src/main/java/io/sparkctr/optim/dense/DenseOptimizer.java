package io.sparkctr.optim.dense;

import java.io.Serializable;

/**
 * A base optimizer for a deep CTR model's two parameter groups (see the package documentation), with
 * all state in primitive arrays sized to the layout.
 *
 * <p>One {@link #step} is one mini-batch: it advances the global step counter once, updates every
 * dense coordinate with {@code denseGrad}, and updates only the rows of {@code sparseGrad} (all their
 * columns); untouched rows keep their weights and state (lazy). The sparse rows and the dense
 * parameters have separate learning rates (Helen's {@code lr_embed} and {@code lr_net}); the first-order
 * weights are sparse rows' column 0, so they take the sparse rate.
 *
 * <p>Implementations are not thread-safe; {@link #copy()} gives an independent state.
 */
public interface DenseOptimizer extends Serializable {
  /** The parameter shape this optimizer's state is sized to. */
  ParameterLayout layout();

  /**
   * One mini-batch step, in place.
   *
   * @param sparse the sparse rows, {@code layout().sparseSize()} long; only {@code sparseGrad}'s rows change
   * @param dense the dense parameters, {@code layout().denseSize()} long
   * @param sparseGrad the mean batch loss's gradient on the touched rows (read only)
   * @param denseGrad the mean batch loss's gradient on the dense parameters (read only)
   * @throws IllegalArgumentException if a length differs from the layout
   */
  void step(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad);

  /** Steps taken so far (the next step's bias-correction or schedule index is this plus 1). */
  long steps();

  /** The learning rate of the sparse rows (first-order weights and embeddings). */
  double sparseLearningRate();

  /** The learning rate of the dense parameters. */
  double denseLearningRate();

  /**
   * Sets both learning rates from the next step on (a schedule, e.g. Helen's ReduceLROnPlateau); the
   * state is kept.
   *
   * @param sparseLearningRate finite, &gt;= 0
   * @param denseLearningRate finite, &gt;= 0
   */
  void setLearningRates(double sparseLearningRate, double denseLearningRate);

  /**
   * The optimizer's per-coordinate state of the sparse rows, one array per state column (AdaGrad: its
   * sums; Adam: m, v), each indexed like the sparse parameters; live arrays, not copies. Data-parallel
   * training averages them over partitions (algorithms.md section 10, pattern 3).
   */
  double[][] sparseState();

  /** The same for the dense parameters. */
  double[][] denseState();

  /** Sets the step counter (after merging partitions' states: the bias correction's t). */
  void setSteps(long steps);

  /** An independent copy: same hyperparameters, state and step counter. */
  DenseOptimizer copy();
}
