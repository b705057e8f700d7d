package io.sparkctr.train;

import io.sparkctr.models.deepfm.DeepFmKernel;
import io.sparkctr.models.deepfm.DeepFmSparseGradient;
import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.GradientOracle;
import io.sparkctr.optim.dense.SparseGradient;

/**
 * One partition's DeepFM mini-batch steps over one slice of its rows (the round's share of a shuffled
 * epoch), from a copy of the round's start state: the unit of work of both the local trainer and each
 * Spark task. The copy holds only the rows of the block's features, renumbered by the block's dictionary
 * ({@link CsrBlock#localFeatures}), so a task's work and memory per round follow its block, not the
 * embedding table; the delta names the rows by feature again. Each step evaluates the model on one mini-batch through the optimizer's step (one
 * evaluation for Adam/AdaGrad/SGD, two for SAM and Helen), with a dropout mask seeded by (seed, epoch,
 * partition, batch), so reruns give the same model.
 */
public final class DeepFmPass {
  private DeepFmPass() {}

  /**
   * @param partition this partition's index (seeds its shuffle and dropout)
   * @param numPartitions the partitions that share the round: the configured batch is the global mini-batch,
   *     so each partition steps on {@link #localBatchSize} rows, and P partitions take as many steps per epoch
   *     as one (the merged model's progress per epoch does not depend on how the data happens to be split)
   */
  public static DeepFmDelta run(DeepFmTrainingConfig config, DeepFmState base, CsrBlock block, int epoch, int round,
      int partition, int numPartitions) {
    if (block.numRows() == 0) {
      return DeepFmDelta.empty();
    }
    final CsrBlock.LocalFeatures local = block.localFeatures();
    // A block whose rows have no entries still steps the dense part; one (untouched) row keeps the layout valid.
    final int[] features = local.features().length > 0 ? local.features() : new int[] {0};
    final DeepFmState state = base.rowsOf(features);
    final int[] order = LogisticPass.shuffledOrder(block.numRows(), config.seed(), epoch, partition);
    final int first = (int) ((long) order.length * round / config.syncsPerEpoch());
    final int last = (int) ((long) order.length * (round + 1) / config.syncsPerEpoch());
    final int batchSize = localBatchSize(config.batchSize(), numPartitions);
    final DeepFmKernel kernel = new DeepFmKernel(config.layout().withNumFeatures(features.length), batchSize,
        config.embeddingL2(), config.dropout());
    final int[] indices = local.indices();
    final Oracle oracle = new Oracle(kernel, block, indices, order, config.layout().sparseRowSize());
    final boolean[] touched = new boolean[features.length];
    final BatchStep step = config.step().wrap(state.optimizer, features);
    double lossSum = 0.0;
    double weightSum = 0.0;
    for (int from = first, batch = 0; from < last; from += batchSize, batch++) {
      final int size = Math.min(batchSize, last - from);
      oracle.batch(from, size, dropoutSeed(config.seed(), epoch, partition, round, batch));
      final double loss = step.step(state.sparse, state.dense, oracle);
      double w = 0.0;
      for (int b = from; b < from + size; b++) {
        final int r = order[b];
        w += block.weights[r];
        for (int p = block.rowStart[r]; p < block.rowStart[r + 1]; p++) {
          touched[indices[p]] = true;
        }
      }
      lossSum += loss * w;
      weightSum += w;
    }
    return DeepFmTrainer.deltaOf(state, touched, features, lossSum, weightSum, last - first);
  }

  /** Rows per step on one of {@code numPartitions} partitions: ceil(batchSize / numPartitions). */
  public static int localBatchSize(int batchSize, int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions MUST be >= 1, but got " + numPartitions);
    }
    return (int) ((batchSize + (long) numPartitions - 1) / numPartitions);
  }

  private static long dropoutSeed(long seed, int epoch, int partition, int round, int batch) {
    long x = seed * 0x9E3779B97F4A7C15L + ((long) epoch << 40) + ((long) partition << 20) + ((long) round << 32) + batch;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  /** The model kernel on the current batch, as the optimizer's step sees it. */
  static final class Oracle implements GradientOracle {
    private final DeepFmKernel kernel;
    private final CsrBlock block;
    /** The block's entries as rows of the pass's state (its dictionary's numbers). */
    private final int[] indices;
    private final int[] order;
    private final int rowWidth;
    private final DeepFmSparseGradient kernelGradient;
    private int from;
    private int size;
    private long dropoutSeed;

    Oracle(DeepFmKernel kernel, CsrBlock block, int[] indices, int[] order, int rowWidth) {
      this.kernel = kernel;
      this.block = block;
      this.indices = indices;
      this.order = order;
      this.rowWidth = rowWidth;
      this.kernelGradient = new DeepFmSparseGradient(kernel.layout(), 64);
    }

    void batch(int from, int size, long dropoutSeed) {
      this.from = from;
      this.size = size;
      this.dropoutSeed = dropoutSeed;
    }

    @Override
    public double evaluate(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
      final double loss = kernel.lossAndGradient(sparse, dense, block.rowStart, indices, block.values,
          block.fields, block.labels, block.weights, order, from, size, dropoutSeed, denseGrad, kernelGradient);
      // The kernel lists each touched feature once with its (1 + k) gradient; hand them to the optimizer.
      final int[] features = kernelGradient.features();
      final double[] values = kernelGradient.values();
      for (int s = 0; s < kernelGradient.size(); s++) {
        final int slot = sparseGrad.slot(features[s]);
        final int offset = sparseGrad.offset(slot);
        final double[] target = sparseGrad.values();
        System.arraycopy(values, s * rowWidth, target, offset, rowWidth);
      }
      // Occurrences in the batch feed Helen's official-code mode (the other optimizers ignore them).
      for (int b = from; b < from + size; b++) {
        final int r = order[b];
        for (int p = block.rowStart[r]; p < block.rowStart[r + 1]; p++) {
          sparseGrad.addOccurrences(sparseGrad.slot(indices[p]), 1.0);
        }
      }
      return loss;
    }
  }
}
