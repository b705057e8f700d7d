package io.sparkctr.ml.classification;

import io.sparkctr.optim.dense.FeatureCounts;
import io.sparkctr.optim.dense.MiniBatchOptimizerRegistry;
import java.util.HashMap;
import java.util.Map;
import io.sparkctr.ml.internal.ParamsReader;
import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.train.DeepFmState;
import io.sparkctr.train.DeepFmTrainer;
import io.sparkctr.train.DeepFmTrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * DeepFM (Guo et al., IJCAI 2017; {@link io.sparkctr.models.deepfm.DeepFmKernel}) trained on Spark
 * with mini-batch SGD, AdaGrad, Adam, SAM (Foret et al., ICLR 2021) or Helen (Zhu et al., WWW 2024),
 * chosen by {@code optimizer}. Helen's per-feature radius rho max(N / max N in the field, zeta) takes N
 * from a frequency job over the training rows, run once before training when Helen needs it, or from
 * the indexed count table at {@code helenCountsPath} (the official-code mode takes only each feature's
 * field from it and counts each batch instead).
 *
 * <p>Distribution ({@link DeepFmTrainer}): each of {@code syncsPerEpoch} rounds per epoch, every
 * partition runs its mini-batch steps over its next slice of rows from the broadcast state; the driver
 * averages the partitions' touched embedding rows, dense layers and optimizer moments
 * ({@code treeAggregate}). With one partition this is exactly the local trainer's model.
 *
 * <p>Input: {@code featuresCol} (sparse Vector), {@code fieldsCol} (array&lt;int&gt;, the field of each
 * entry, as {@code CtrFeaturizer} and the libffm reader write it), {@code labelCol}, optional
 * {@code weightCol}. Output columns as MLlib's classifiers.
 */
public final class DeepFmClassifier extends Estimator<DeepFmClassificationModel>
    implements DeepFmParams, CtrEstimator, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final DeepFmParamSet p;
  private transient DeepFmTrainer.Listener epochListener = (record, state) -> {};
  private transient CtrEstimator.EpochReporter reporter;

  public DeepFmClassifier() {
    this(Identifiable$.MODULE$.randomUID("deepFm"));
  }

  public DeepFmClassifier(String uid) {
    this.uid = uid;
    this.p = new DeepFmParamSet(this);
  }

  @Override public String uid() { return uid; }
  @Override public DeepFmParamSet deepFmParams() { return p; }

  public DeepFmClassifier setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return this; }
  public DeepFmClassifier setLabelCol(String value) { set(p.classifier.labelCol, value); return this; }
  public DeepFmClassifier setWeightCol(String value) { set(p.classifier.weightCol, value); return this; }
  public DeepFmClassifier setFieldsCol(String value) { set(p.fieldsCol, value); return this; }
  public DeepFmClassifier setPredictionCol(String value) { set(p.classifier.predictionCol, value); return this; }
  public DeepFmClassifier setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return this; }
  public DeepFmClassifier setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return this; }
  public DeepFmClassifier setMaxIter(int value) { set(p.classifier.maxIter, value); return this; }
  public DeepFmClassifier setSeed(long value) { set(p.classifier.seed, value); return this; }
  public DeepFmClassifier setThreshold(double value) { set(p.classifier.threshold, value); return this; }
  public DeepFmClassifier setFitIntercept(boolean value) { set(p.classifier.fitIntercept, value); return this; }
  public DeepFmClassifier setAggregationDepth(int value) { set(p.classifier.aggregationDepth, value); return this; }
  public DeepFmClassifier setSyncsPerEpoch(int value) { set(p.classifier.syncsPerEpoch, value); return this; }
  public DeepFmClassifier setEmbeddingDim(int value) { set(p.embeddingDim, value); return this; }
  public DeepFmClassifier setHiddenLayers(int[] value) { set(p.hiddenLayers, value); return this; }
  public DeepFmClassifier setDropout(double value) { set(p.dropout, value); return this; }
  public DeepFmClassifier setBatchSize(int value) { set(p.batchSize, value); return this; }
  public DeepFmClassifier setInitStd(double value) { set(p.initStd, value); return this; }
  public DeepFmClassifier setEmbeddingL2(double value) { set(p.embeddingL2, value); return this; }
  public DeepFmClassifier setOptimizer(String value) { set(p.optimizer, value); return this; }
  public DeepFmClassifier setStepSize(double value) { set(p.stepSize, value); return this; }
  public DeepFmClassifier setRho(double value) { set(p.rho, value); return this; }
  public DeepFmClassifier setZeta(double value) { set(p.zeta, value); return this; }
  public DeepFmClassifier setNetPerturbation(boolean value) { set(p.netPerturbation, value); return this; }
  public DeepFmClassifier setHelenMode(String value) { set(p.helenMode, value); return this; }
  public DeepFmClassifier setHelenCountsPath(String value) { set(p.helenCountsPath, value); return this; }
  public DeepFmClassifier setL1(double value) { set(p.l1, value); return this; }
  public DeepFmClassifier setL21(double value) { set(p.l21, value); return this; }
  public DeepFmClassifier setStepSizeDecay(double value) { set(p.control.stepSizeDecay, value); return this; }
  public DeepFmClassifier setValidationIndicatorCol(String value) { set(p.control.validationIndicatorCol, value); return this; }
  public DeepFmClassifier setValidationFraction(double value) { set(p.control.validationFraction, value); return this; }
  public DeepFmClassifier setValidationSplit(String value) { set(p.control.validationSplit, value); return this; }
  public DeepFmClassifier setTol(double value) { set(p.control.tol, value); return this; }
  public DeepFmClassifier setEarlyStoppingPatience(int value) { set(p.control.earlyStoppingPatience, value); return this; }
  public DeepFmClassifier setValidationMetric(String value) { set(p.control.validationMetric, value); return this; }

  /** Called on the driver after every epoch. Not a Param: not saved, and lost by {@link #copy}. */
  public DeepFmClassifier setEpochListener(DeepFmTrainer.Listener listener) {
    this.epochListener = listener == null ? (record, state) -> {} : listener;
    return this;
  }

  @Override
  public void reportEpochs(CtrEstimator.EpochReporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireIntArray(schema, getFieldsCol());
    return PredictionColumns.trainingSchema(schema, this);
  }

  @Override
  public DeepFmClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    checkOptimizerParams();
    try (SparkTraining training = new SparkTraining(dataset, getFeaturesCol(), getLabelCol(), getWeightCol(),
        getFieldsCol(), getValidationIndicatorCol(), heldOutRows())) {
      final FeatureIndex index = training.featureIndex();
      final DeepFmLayout layout = new DeepFmLayout(training.numFeatures(), Math.max(1, training.numFields()),
          getEmbeddingDim(), getHiddenLayers(), getFitIntercept());
      int[] fieldOfFeature = null;
      double[] counts = null;
      if (MiniBatchOptimizerRegistry.OPTIMIZERS.get(getOptimizer()).needsCounts()) {
        // N per feature and its field: a stored table, or the frequency job over the training rows.
        double[][] stats = getHelenCountsPath().isEmpty() ? training.featureCounts()
            : StoredCounts.read(dataset.sparkSession(), getHelenCountsPath(), index);
        counts = stats[0];
        fieldOfFeature = new int[counts.length];
        for (int j = 0; j < counts.length; j++) {
          fieldOfFeature[j] = Math.max(0, (int) stats[1][j] - 1); // unseen features: field 0, count 0
        }
      }
      final DeepFmTrainingConfig config = config(layout, fieldOfFeature, counts, training.trainingRows(),
          training.baseRateLogOdds());
      final DeepFmTrainer.Listener listener = epochListener;
      final CtrEstimator.EpochReporter report = reporter;
      DeepFmState state = training.fitDeepFm(config, stoppingRule(), getAggregationDepth(),
          (record, current) -> {
            listener.onEpoch(record, current);
            if (report != null) {
              report.onEpoch("train", record, () -> copyValues(new DeepFmClassificationModel(
                  uid + "_epoch" + record.epoch(),
                  new DeepFmModel(index, layout, current.sparse().clone(), current.dense().clone())),
                  ParamMap.empty()));
            }
          }).state();
      DeepFmClassificationModel model = new DeepFmClassificationModel(uid + "_model",
          new DeepFmModel(index, layout, state.sparse(), state.dense()));
      return copyValues(model, ParamMap.empty()).setParent(this);
    }
  }

  /**
   * The engine's configuration for these params (tests build the local reference with it).
   *
   * @param trainingRows the rows an epoch trains on: a batchSize of 0 chooses the batch from them
   * @param interceptStart where the intercept starts
   */
  DeepFmTrainingConfig config(DeepFmLayout layout, int[] fieldOfFeature, double[] counts, long trainingRows,
      double interceptStart) {
    final int batch = getBatchSize() > 0 ? getBatchSize() : DeepFmTrainingConfig.autoBatchSize(trainingRows);
    final MiniBatchOptimizerRegistry.Entry entry = MiniBatchOptimizerRegistry.OPTIMIZERS.get(getOptimizer());
    final Map<String, Object> settings = new HashMap<>();
    for (String name : entry.params()) {
      settings.put(name, $(getParam(name)));
    }
    return new DeepFmTrainingConfig(layout, getEmbeddingL2(), getDropout(), batch, getInitStd(), getSeed(),
        getSyncsPerEpoch(), new DeepFmStepFactory(getOptimizer(), getStepSize(), settings,
            entry.needsCounts() ? FeatureCounts.of(fieldOfFeature, counts) : null),
        interceptStart);
  }

  @Override
  public DeepFmClassifier copy(ParamMap extra) {
    return (DeepFmClassifier) defaultCopy(extra);
  }

  public static MLReader<DeepFmClassifier> read() {
    return new ParamsReader<>(DeepFmClassifier.class);
  }

  public static DeepFmClassifier load(String path) {
    return read().load(path);
  }
}
