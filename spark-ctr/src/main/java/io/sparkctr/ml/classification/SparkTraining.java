package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.CsrConversion;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.DeepFmDelta;
import io.sparkctr.train.DeepFmPass;
import io.sparkctr.train.DeepFmState;
import io.sparkctr.train.DeepFmTrainer;
import io.sparkctr.train.DeepFmTrainingConfig;
import io.sparkctr.train.LocalTrainer;
import io.sparkctr.train.LogisticPass;
import io.sparkctr.train.PassResult;
import io.sparkctr.train.TrainingConfig;
import java.util.Collections;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark side of every spark-ctr estimator's fit: rows to cached CSR blocks, and each round's
 * passes as Spark tasks (one per partition) merged with {@code treeAggregate}. No math here: the
 * passes are {@link LogisticPass}, the epoch loop {@link LocalTrainer}.
 */
final class SparkTraining implements AutoCloseable {
  /**
   * Fault injection for the cluster tests: {@code epoch:round:partition} makes that pass's first
   * attempt fail after it has run (as a lost executor would), so Spark retries it
   * ({@code spark.task.maxFailures} &gt; 1) and the fit must still give the same model.
   */
  static final String FAIL_TASK_ONCE = "spark.sparkctr.faultInjection.failTaskOnce";

  private final JavaSparkContext jsc;
  private final JavaRDD<CsrBlock> blocks;
  private final int numFeatures;

  /**
   * Converts and caches the rows. The CSR blocks are what every round reads: always cached (compact
   * primitive arrays), even when the input DataFrame is, since rebuilding them each round would cost
   * more than the pass.
   *
   * @param fieldsCol the fields column for field-aware models, or empty
   */
  SparkTraining(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol, String fieldsCol) {
    this.jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    this.blocks = CsrConversion.toBlocks(dataset, featuresCol, labelCol, weightCol, fieldsCol)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // The feature-space size: the largest vector size among the rows (one pass over the blocks, which
    // are cached for training anyway), or the column's declared size when its metadata has a larger one.
    AttributeGroup group = AttributeGroup.fromStructField(dataset.schema().apply(featuresCol));
    this.numFeatures = Math.max(blocks.map(CsrBlock::dimension).fold(0, Math::max), group.size());
  }

  int numFeatures() {
    return numFeatures;
  }

  /** One more than the largest field index in the rows (field-aware models). */
  int numFields() {
    return blocks.map(CsrBlock::numFields).fold(0, Math::max);
  }

  /** Trains {@code config} for {@code epochs} on the cached blocks; returns the flat parameters. */
  double[] fit(TrainingConfig config, int epochs, int aggregationDepth, LocalTrainer.EpochListener listener) {
    return LocalTrainer.fit(config, epochs, runner(config, aggregationDepth), listener);
  }

  /** Runs each round's passes as Spark tasks, one per partition, merged with treeAggregate. */
  private LocalTrainer.EpochRunner runner(TrainingConfig config, int depth) {
    final JavaRDD<CsrBlock> rdd = blocks;
    final int columns = config.optimizer().merge().columns();
    final String failOnce = jsc.getConf().get(FAIL_TASK_ONCE, "");
    return (current, epoch, round) -> {
      Broadcast<SparseOnlineOptimizer> state = jsc.broadcast(current);
      final String here = epoch + ":" + round + ":";
      try {
        return rdd
            .mapPartitionsWithIndex((partition, it) -> {
              PassResult result = it.hasNext()
                  ? LogisticPass.run(config, state.value(), it.next(), epoch, round, partition)
                  : PassResult.empty(columns);
              if (failOnce.equals(here + partition) && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("Injected failure (" + FAIL_TASK_ONCE + " = " + failOnce
                    + ") of the first attempt of epoch " + epoch + ", round " + round + ", partition " + partition);
              }
              return Collections.singletonList(result).iterator();
            }, true)
            .treeAggregate(PassResult.empty(columns), PassResult::merge, PassResult::merge, depth);
      } finally {
        state.destroy();
      }
    };
  }

  /** Per feature: rows that have it, and its field + 1 (0 unseen); one Spark job over the cached blocks. */
  double[][] featureCounts() {
    final int n = numFeatures;
    return blocks.map(b -> b.featureCounts(n)).reduce((a, b) -> {
      for (int j = 0; j < n; j++) {
        a[0][j] += b[0][j];
        a[1][j] = Math.max(a[1][j], b[1][j]);
      }
      return a;
    });
  }

  /** Trains a DeepFM for {@code epochs} on the cached blocks, each round's passes merged by treeAggregate. */
  DeepFmState fitDeepFm(DeepFmTrainingConfig config, int epochs, int depth, DeepFmTrainer.Listener listener) {
    final JavaRDD<CsrBlock> rdd = blocks;
    final String failOnce = jsc.getConf().get(FAIL_TASK_ONCE, "");
    final int numPartitions = rdd.getNumPartitions();
    DeepFmTrainer.Runner runner = (current, epoch, round) -> {
      Broadcast<DeepFmState> state = jsc.broadcast(current);
      final String here = epoch + ":" + round + ":";
      try {
        return rdd
            .mapPartitionsWithIndex((partition, it) -> {
              DeepFmDelta result = it.hasNext()
                  ? DeepFmPass.run(config, state.value(), it.next(), epoch, round, partition, numPartitions)
                  : DeepFmDelta.empty();
              if (failOnce.equals(here + partition) && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("Injected failure (" + FAIL_TASK_ONCE + " = " + failOnce + ")");
              }
              return Collections.singletonList(result).iterator();
            }, true)
            .treeAggregate(DeepFmDelta.empty(), DeepFmDelta::merge, DeepFmDelta::merge, depth);
      } finally {
        state.destroy();
      }
    };
    return DeepFmTrainer.train(config, epochs, runner, listener);
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
