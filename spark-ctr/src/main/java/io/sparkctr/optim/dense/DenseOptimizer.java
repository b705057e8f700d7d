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

  /**
   * Whether data-parallel training merges sparse state column {@code column} of a row that several
   * partitions updated by adding their changes to the round's start value, {@code x0 + sum_p (x_p - x0)},
   * as the dual sums of FTRL and the group optimizers merge (algorithms.md sections 6.6, 7.5 and
   * {@link io.sparkctr.optim.group.GroupAdamOptimizer#mergePartitions}); false (the default) averages
   * the partitions' values, as for Adam's and AdaGrad's moments.
   */
  default boolean mergesSparseStateBySum(int column) {
    return false;
  }

  /**
   * The value x0 a summed state column ({@link #mergesSparseStateBySum}) starts the round from at sparse
   * coordinate {@code i}, whose weight was {@code weight} at the round's start; by default the stored
   * state. (A dual form that has not touched a coordinate yet stores 0 there but stands for its weight.)
   */
  default double sparseMergeStart(int column, int i, double weight) {
    return sparseState()[column][i];
  }

  /**
   * Whether the step counter after a data-parallel merge counts the steps of every partition (a summed
   * dual form has taken them all, as {@link io.sparkctr.optim.group.GroupAdamOptimizer#advanceSteps} is
   * advanced) rather than one partition's (the default: averaged moments hold one partition's steps).
   */
  default boolean countsEveryPartitionsSteps() {
    return false;
  }

  /**
   * After a merge set the state of row {@code row} from several partitions, sets the row's weights in
   * {@code sparse} from that state and returns true; false (the default) keeps the partitions' averaged
   * weights. For optimizers whose weights are a function of their state (a thresholded dual form).
   */
  default boolean setRowWeightsFromState(double[] sparse, int row) {
    return false;
  }

  /** Sets the step counter (after merging partitions' states: the bias correction's t). */
  void setSteps(long steps);

  /** An independent copy: same hyperparameters, state and step counter. */
  DenseOptimizer copy();

  /** A new optimizer of this kind and hyperparameters over {@code parameters}: zero state, step 0. */
  DenseOptimizer withLayout(ParameterLayout parameters);

  /**
   * An independent copy holding only sparse rows {@code rows} of this one, row {@code rows[r]} as row r,
   * with the dense state, the learning rates and the step counter: what a task's pass steps, sized to the rows
   * its block has rather than to the embedding table. The state must be the arrays {@link #sparseState()} and
   * {@link #denseState()} return.
   *
   * @param rows sparse rows of this optimizer's layout
   */
  default DenseOptimizer rowsOf(int[] rows) {
    final ParameterLayout from = layout();
    final int width = from.rowWidth();
    final DenseOptimizer out = withLayout(new ParameterLayout(rows.length, from.factorSize(), from.denseSize()));
    final double[][] source = sparseState();
    final double[][] target = out.sparseState();
    for (int s = 0; s < source.length; s++) {
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(source[s], rows[r] * width, target[s], r * width, width);
      }
    }
    final double[][] dense = denseState();
    final double[][] denseTarget = out.denseState();
    for (int s = 0; s < dense.length; s++) {
      System.arraycopy(dense[s], 0, denseTarget[s], 0, dense[s].length);
    }
    out.setLearningRates(sparseLearningRate(), denseLearningRate());
    out.setSteps(steps());
    return out;
  }
}
