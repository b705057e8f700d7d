package io.sparkctr.train;

import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.DenseOptimizer;
import io.sparkctr.optim.dense.ParameterLayout;
import java.io.Serializable;

/**
 * What one DeepFM training run needs besides its data.
 *
 * @param layout the model's shape
 * @param embeddingL2 L2 on the touched embedding rows, the loss's {@code embeddingL2/2 ||v||^2}
 * @param dropout dropout rate of the hidden layers, in [0, 1)
 * @param batchSize rows per mini-batch step over all partitions (the global batch; each of P partitions
 *     steps on ceil(batchSize / P) rows, {@link DeepFmPass#localBatchSize})
 * @param initStd standard deviation of the embeddings' random start
 * @param seed seed of the start, the row shuffles and the dropout masks
 * @param syncsPerEpoch how many times per epoch the partitions' local steps are merged (&gt;= 1)
 * @param step the optimizer: builds the mini-batch step (Adam, SAM, Helen, ...) for a parameter layout
 * @param interceptStart where the intercept starts (e.g. the log-odds of the training rows' base rate)
 */
public record DeepFmTrainingConfig(DeepFmLayout layout, double embeddingL2, double dropout, int batchSize,
    double initStd, long seed, int syncsPerEpoch, StepFactory step, double interceptStart) implements Serializable {
  /** A configuration whose intercept starts at 0. */
  public DeepFmTrainingConfig(DeepFmLayout layout, double embeddingL2, double dropout, int batchSize, double initStd,
      long seed, int syncsPerEpoch, StepFactory step) {
    this(layout, embeddingL2, dropout, batchSize, initStd, seed, syncsPerEpoch, step, 0.0);
  }

  public DeepFmTrainingConfig {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize MUST be >= 1, but got " + batchSize);
    }
    if (syncsPerEpoch < 1) {
      throw new IllegalArgumentException("syncsPerEpoch MUST be >= 1, but got " + syncsPerEpoch);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout MUST be in [0, 1), but got " + dropout);
    }
    if (!(embeddingL2 >= 0) || !Double.isFinite(embeddingL2)) {
      throw new IllegalArgumentException("embeddingL2 MUST be finite and >= 0, but got " + embeddingL2);
    }
  }

  /**
   * The optimizer: its base state (Adam, AdaGrad, SGD; what partitions merge) and the mini-batch step
   * around it (plain, SAM, Helen; rebuilt in each task, it only holds scratch). Serializable, so it
   * travels to the tasks.
   */
  public interface StepFactory extends Serializable {
    DenseOptimizer base(ParameterLayout parameters);

    /**
     * The step around {@code base}.
     *
     * @param rows the feature of each of base's sparse rows when base holds a task's rows ({@link
     *     DenseOptimizer#rowsOf}), or null when it holds every feature in order
     */
    BatchStep wrap(DenseOptimizer base, int[] rows);
  }

  /** The optimizers' view of the layout: one row of (1 + k) per feature, and the dense block. */
  public ParameterLayout parameterLayout() {
    return new ParameterLayout(layout.numFeatures(), layout.embeddingDim(), layout.denseSize());
  }

  /** The state training starts from: random embeddings and dense weights, the optimizer's zero state. */
  public DeepFmState initialState() {
    final double[] dense = layout.randomDense(seed);
    if (layout.interceptIndex() >= 0) {
      dense[layout.interceptIndex()] = interceptStart;
    }
    return new DeepFmState(layout.randomSparse(initStd, seed), dense, step.base(parameterLayout()));
  }

  /**
   * The global mini-batch a {@code batchSize} of 0 ("auto") gives for {@code rows} training rows: the
   * largest power of two up to {@link #AUTO_BATCH_LIMIT} that still gives {@link #AUTO_STEPS_PER_EPOCH} steps
   * per epoch (at least {@link #AUTO_BATCH_FLOOR}): the Helen protocol's rule (16,384, or the largest batch
   * giving enough steps on small data), with algorithms.md section 12's 4096 as the cap.
   */
  public static int autoBatchSize(long rows) {
    int batch = AUTO_BATCH_LIMIT;
    while (batch > AUTO_BATCH_FLOOR && rows / batch < AUTO_STEPS_PER_EPOCH) {
      batch >>= 1;
    }
    return batch;
  }

  /** The largest batch {@link #autoBatchSize} chooses. */
  public static final int AUTO_BATCH_LIMIT = 4096;
  /** The smallest batch {@link #autoBatchSize} chooses. */
  public static final int AUTO_BATCH_FLOOR = 32;
  /** Steps per epoch {@link #autoBatchSize} keeps at least, where the floor allows. */
  public static final int AUTO_STEPS_PER_EPOCH = 20;
}
