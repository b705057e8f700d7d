package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.CsrConversion;
import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.RowKernel;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.train.BlockSummary;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.DeepFmDelta;
import io.sparkctr.train.DeepFmPass;
import io.sparkctr.train.DeepFmTrainer;
import io.sparkctr.train.DeepFmTrainingConfig;
import io.sparkctr.train.LocalTrainer;
import io.sparkctr.train.LogisticPass;
import io.sparkctr.train.PassResult;
import io.sparkctr.train.RowPass;
import io.sparkctr.train.RowState;
import io.sparkctr.train.RowTrainer;
import io.sparkctr.train.StoppingRule;
import io.sparkctr.train.TrainingConfig;
import io.sparkctr.train.ValidationMetrics;
import io.sparkctr.train.ValidationScores;
import io.sparkctr.train.ValidationSplit;
import java.util.Collections;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark side of every spark-ctr estimator's fit: rows to cached CSR blocks, the validation rows held
 * out, the features seen in training given model rows, and each round's passes as Spark tasks (one per
 * partition) merged with {@code treeAggregate} by one round runner for every engine. No math here: the passes
 * are {@link RowPass} (float parameter rows; {@link LogisticPass}, the double state, only under the developer
 * switch {@code spark.sparkctr.engine=double}) and {@link DeepFmPass}, the epoch loop {@link LocalTrainer}'s and
 * {@link DeepFmTrainer}'s {@code EpochLoop}, the split {@link ValidationSplit}.
 *
 * <p>Preparation, three Spark jobs over the input: (1) rows to blocks (cached) and the rows per
 * partition; (2) the training rows' {@link BlockSummary}: distinct features, fields, base rate; (3) the
 * training and validation blocks with each feature replaced by its model row ({@link FeatureIndex}; a
 * validation feature never seen in training is dropped, as it scores zero), cached for the epochs.
 */
final class SparkTraining implements AutoCloseable {
  /**
   * Fault injection for the cluster tests: {@code epoch:round:partition} makes that pass's first
   * attempt fail after it has run (as a lost executor would), so Spark retries it
   * ({@code spark.task.maxFailures} &gt; 1) and the fit must still give the same model.
   */
  static final String FAIL_TASK_ONCE = "spark.sparkctr.faultInjection.failTaskOnce";

  /**
   * Which engine trains the optimizers that have float parameter rows: {@code rows} (the default) or
   * {@code double}, the double-state engine they are measured against (benchmarks: float vs double AUC).
   */
  static final String ENGINE = "spark.sparkctr.engine";

  private final JavaSparkContext jsc;
  private final JavaRDD<CsrBlock> blocks;
  private final JavaRDD<CsrBlock> validation;
  private final long validationRows;
  private final BlockSummary summary;
  private final FeatureIndex featureIndex;
  private final int numFields;

  /**
   * Converts, splits, indexes and caches the rows. The CSR blocks are what every round reads: always
   * cached (compact primitive arrays), even when the input DataFrame is, since rebuilding them each round
   * would cost more than the pass.
   *
   * @param fieldsCol the fields column for field-aware models, or empty
   * @param validationIndicatorCol a boolean column marking validation rows, or empty
   * @param split which rows are held out for validation
   */
  SparkTraining(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol, String fieldsCol,
      String validationIndicatorCol, ValidationSplit split) {
    this.jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    final JavaRDD<CsrBlock> all = CsrConversion.toBlocks(dataset, featuresCol, labelCol, weightCol, fieldsCol,
        validationIndicatorCol).persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<CsrBlock> trainRaw = all;
    JavaRDD<CsrBlock> validRaw = null;
    if (split.holdsOut()) {
      // Global row positions: each partition's first row is the rows of the partitions before it.
      final List<Integer> counts = all.map(CsrBlock::numRows).collect();
      final long[] firstRow = new long[counts.size() + 1];
      for (int p = 0; p < counts.size(); p++) {
        firstRow[p + 1] = firstRow[p] + counts.get(p);
      }
      final long total = firstRow[counts.size()];
      final JavaRDD<CsrBlock[]> parts = all.mapPartitionsWithIndex((partition, it) -> {
        if (!it.hasNext()) {
          return Collections.<CsrBlock[]>emptyIterator();
        }
        final CsrBlock block = it.next();
        return Collections.singletonList(block.split(split.validationRows(block, firstRow[partition], total)))
            .iterator();
      }, true);
      trainRaw = parts.map(p -> p[0]);
      validRaw = parts.map(p -> p[1]);
    }
    this.summary = trainRaw.map(BlockSummary::of).treeReduce(BlockSummary::merge, 2);
    // The declared size: the largest vector size among the rows, or the column's metadata when larger.
    AttributeGroup group = AttributeGroup.fromStructField(dataset.schema().apply(featuresCol));
    final int declared = Math.max(summary.dimension(), Math.max(group.size(), validRaw == null ? 0
        : validRaw.map(CsrBlock::dimension).fold(0, Math::max)));
    this.featureIndex = FeatureIndex.of(declared, summary.features());
    final Broadcast<FeatureIndex> index = jsc.broadcast(featureIndex);
    this.blocks = trainRaw.map(b -> b.remap(index.value())).persist(StorageLevel.MEMORY_AND_DISK());
    this.blocks.count();
    if (validRaw != null) {
      this.validation = validRaw.map(b -> b.remap(index.value())).persist(StorageLevel.MEMORY_AND_DISK());
      this.validationRows = validation.map(b -> (long) b.numRows()).fold(0L, Long::sum);
      this.numFields = Math.max(summary.numFields(), validation.map(CsrBlock::numFields).fold(0, Math::max));
    } else {
      this.validation = null;
      this.validationRows = 0;
      this.numFields = summary.numFields();
    }
    all.unpersist(false);
    index.unpersist(false);
  }

  /** The features seen in training, one model row each. */
  FeatureIndex featureIndex() {
    return featureIndex;
  }

  /** Model rows: the distinct features of the training rows. */
  int numFeatures() {
    return featureIndex.size();
  }

  /** One more than the largest field index in the rows (field-aware models). */
  int numFields() {
    return numFields;
  }

  /** The log-odds of the training rows' weighted base rate, where the intercept starts. */
  double baseRateLogOdds() {
    return summary.baseRateLogOdds();
  }

  /** Whether validation rows were held out (and there are some). */
  boolean validated() {
    return validationRows > 0;
  }

  /** The stopping rule's validation: the held-out rows scored by {@code scorer}, one Spark job. */
  private ValidationMetrics validate(ValidationScores.BlockScorer scorer) {
    final Broadcast<ValidationScores.BlockScorer> model = jsc.broadcast(scorer);
    try {
      return validation.map(block -> ValidationScores.of(block, model.value()))
          .fold(ValidationScores.empty(), ValidationScores::merge).metrics();
    } finally {
      model.destroy();
    }
  }

  /** Trains {@code config} on the cached blocks under {@code rule}; validates each epoch when rows are held out. */
  LocalTrainer.Fit fit(TrainingConfig config, StoppingRule rule, int aggregationDepth,
      LocalTrainer.EpochListener listener) {
    final LocalTrainer.Validator validator = validated()
        ? parameters -> validate(LocalTrainer.scorer(config.model(), parameters)) : null;
    final String engine = jsc.getConf().get(ENGINE, "rows");
    if (!engine.equals("rows") && !engine.equals("double")) {
      throw new IllegalArgumentException(ENGINE + " MUST be rows or double, but got '" + engine + "'");
    }
    if (engine.equals("double")) {
      return LocalTrainer.fit(config, rule, LocalTrainer.legacy(config, runner(config, aggregationDepth)), validator,
          listener);
    }
    final RowKernel kernel = RowTrainer.kernel(config.model());
    final boolean[][] support = RowTrainer.support(kernel, config);
    final Broadcast<boolean[][]> supportBroadcast = support == null ? null : jsc.broadcast(support);
    try {
      return LocalTrainer.fit(config, rule, rowEngine(config, kernel, supportBroadcast, aggregationDepth), validator,
          listener);
    } finally {
      if (supportBroadcast != null) {
        supportBroadcast.destroy();
      }
    }
  }

  /**
   * The float-row engine on Spark: each round broadcasts the state once (each executor holds one copy, which
   * its tasks read through copy-on-touch views: no task copies it), runs a pass per partition that returns the
   * rows it touched, sums them with treeAggregate and applies the sum on the driver in place.
   */
  private <O extends RowOptimizer<O>> LocalTrainer.Engine rowEngine(TrainingConfig driverConfig, RowKernel kernel,
      Broadcast<boolean[][]> support, int depth) {
    final O optimizer = RowTrainer.optimizer(driverConfig);
    final RowState<O> start = RowTrainer.start(driverConfig, kernel, optimizer);
    final long seed = driverConfig.seed();
    final int rounds = driverConfig.syncsPerEpoch();
    final int[] valuesPerRow = RowPass.valuesPerRow(kernel, optimizer);
    return RowTrainer.engine(kernel, start, (current, epoch, round) -> round(current, epoch, round,
        RowPass.Result.empty(valuesPerRow),
        (state, block, partition) -> RowPass.run(kernel, state, support == null ? null : support.value(), block, seed,
            epoch, round, rounds, partition),
        RowPass.Result::merge, depth));
  }

  /** Runs each round's passes of the double engine as Spark tasks, one per partition, merged with treeAggregate. */
  private LocalTrainer.EpochRunner runner(TrainingConfig driverConfig, int depth) {
    final TrainingConfig config = driverConfig.forTasks();
    final PassResult empty = PassResult.empty(config.optimizer().merge().columns());
    return (current, epoch, round) -> round(current, epoch, round, empty,
        (state, block, partition) -> LogisticPass.run(config, state, block, epoch, round, partition),
        PassResult::merge, depth);
  }

  /** One partition's pass of a round, from the round's state: a Spark task's work. */
  @FunctionalInterface
  private interface PartitionPass<S, R> extends java.io.Serializable {
    R run(S state, CsrBlock block, int partition);
  }

  /**
   * One round on Spark, for every engine: the state broadcast once (each executor holds one copy, which its
   * tasks only read), a task per partition running {@code pass} over its block ({@code empty} for an empty
   * partition), the results summed by treeAggregate. With {@link #FAIL_TASK_ONCE} set, the first attempt of
   * the named task fails after its pass, as a lost executor would.
   */
  private <S, R> R round(S current, int epoch, int round, R empty, PartitionPass<S, R> pass,
      org.apache.spark.api.java.function.Function2<R, R, R> merge, int depth) {
    final JavaRDD<CsrBlock> rdd = blocks;
    final String failOnce = jsc.getConf().get(FAIL_TASK_ONCE, "");
    final Broadcast<S> state = jsc.broadcast(current);
    final String here = epoch + ":" + round + ":";
    try {
      return rdd
          .mapPartitionsWithIndex((partition, it) -> {
            final R result = it.hasNext() ? pass.run(state.value(), it.next(), partition) : empty;
            if (failOnce.equals(here + partition) && TaskContext.get().attemptNumber() == 0) {
              throw new IllegalStateException("Injected failure (" + FAIL_TASK_ONCE + " = " + failOnce
                  + ") of the first attempt of epoch " + epoch + ", round " + round + ", partition " + partition);
            }
            return Collections.singletonList(result).iterator();
          }, true)
          .treeAggregate(empty, merge, merge, depth);
    } finally {
      state.destroy();
    }
  }

  /** Per model row: training rows that have it, and its field + 1 (0 unseen); one Spark job over the cached blocks. */
  double[][] featureCounts() {
    final int n = numFeatures();
    return blocks.map(b -> b.featureCounts(n)).reduce((a, b) -> {
      for (int j = 0; j < n; j++) {
        a[0][j] += b[0][j];
        a[1][j] = Math.max(a[1][j], b[1][j]);
      }
      return a;
    });
  }

  /** Trains a DeepFM on the cached blocks under {@code rule}, each round's passes merged by treeAggregate. */
  DeepFmTrainer.Fit fitDeepFm(DeepFmTrainingConfig config, StoppingRule rule, int depth,
      DeepFmTrainer.Listener listener) {
    final int numPartitions = blocks.getNumPartitions();
    // Once per fit, not in every task's closure: Helen's per-feature fields and scales are model-sized
    final Broadcast<DeepFmTrainingConfig> shared = jsc.broadcast(config);
    try {
      final DeepFmTrainer.Runner runner = (current, epoch, round) -> round(current, epoch, round,
          DeepFmDelta.empty(), (state, block, partition) -> DeepFmPass.run(shared.value(), state, block, epoch, round,
              partition, numPartitions), DeepFmDelta::merge, depth);
      final DeepFmTrainer.Validator validator = validated()
          ? state -> validate(DeepFmTrainer.scorer(config, state.sparse(), state.dense())) : null;
      return DeepFmTrainer.train(config, rule, runner, validator, listener);
    } finally {
      shared.destroy();
    }
  }

  /** Training rows (the epochs' rows, validation rows excluded). */
  long trainingRows() {
    return summary.rows();
  }

  @Override
  public void close() {
    blocks.unpersist(false);
    if (validation != null) {
      validation.unpersist(false);
    }
  }
}
