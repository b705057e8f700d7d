package io.sparkctr.ml.classification;

import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
import io.sparkctr.train.LocalTrainer;
import io.sparkctr.train.TrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link FactorizationMachineClassifier} and {@link FieldAwareFMClassifier} share: their params,
 * setters (returning the concrete type) and fit. Factorization machine (Rendle, ICDM 2010) for binary classification with log loss, trained by any of
 * spark-ctr's sparse online optimizers on the linear weights and the factors alike
 * ({@code optimizer} Param, as {@link FtrlLogisticRegression}), distributed the same way: per-partition
 * online passes merged with {@code treeAggregate} by the optimizer family's rule. Factors start at
 * N(0, initStd^2) from {@code seed}; FTRL and RDA centre their state on that start (algorithms.md
 * section 6.4), so the factors move. With one partition this is exactly {@link LocalTrainer}'s model.
 *
 * <p>Params as MLlib's FMClassifier where the meaning matches ({@code factorSize}, {@code initStd},
 * {@code fitIntercept}, {@code fitLinear}, {@code maxIter}, {@code seed}); {@code maxIter} counts
 * epochs. {@link FieldAwareFMClassifier} is the field-aware variant.
 */
public abstract class FactorizationClassifierBase<S extends FactorizationClassifierBase<S>>
    extends Estimator<FactorizationMachineClassificationModel>
    implements FactorizationParams, CtrEstimator, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  final SparseOnlineParamSet p;
  final FactorizationParamSet f;
  private transient CtrEstimator.EpochReporter reporter;

  FactorizationClassifierBase(String uid, boolean fieldAware) {
    this.uid = uid;
    this.p = new SparseOnlineParamSet(this);
    this.f = new FactorizationParamSet(this, fieldAware, fieldAware ? 4 : 8);
  }

  @Override public String uid() { return uid; }
  @Override public SparseOnlineParamSet sparseOnlineParams() { return p; }
  @Override public FactorizationParamSet factorizationParams() { return f; }

  public S setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return self(); }
  public S setLabelCol(String value) { set(p.classifier.labelCol, value); return self(); }
  public S setWeightCol(String value) { set(p.classifier.weightCol, value); return self(); }
  public S setPredictionCol(String value) { set(p.classifier.predictionCol, value); return self(); }
  public S setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return self(); }
  public S setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return self(); }
  public S setMaxIter(int value) { set(p.classifier.maxIter, value); return self(); }
  public S setSeed(long value) { set(p.classifier.seed, value); return self(); }
  public S setThreshold(double value) { set(p.classifier.threshold, value); return self(); }
  public S setFitIntercept(boolean value) { set(p.classifier.fitIntercept, value); return self(); }
  public S setAggregationDepth(int value) { set(p.classifier.aggregationDepth, value); return self(); }
  public S setSyncsPerEpoch(int value) { set(p.classifier.syncsPerEpoch, value); return self(); }
  public S setOptimizer(String value) { set(p.optimizer, value); return self(); }
  public S setRefit(boolean value) { set(p.refit, value); return self(); }
  public S setStepSize(double value) { set(p.stepSize, value); return self(); }
  public S setSchedule(String value) { set(p.schedule, value); return self(); }
  public S setTheta(double value) { set(p.theta, value); return self(); }
  public S setTruncationPeriod(int value) { set(p.truncationPeriod, value); return self(); }
  public S setGamma(double value) { set(p.gamma, value); return self(); }
  public S setRho(double value) { set(p.rho, value); return self(); }
  public S setAlpha(double value) { set(p.alpha, value); return self(); }
  public S setBeta(double value) { set(p.beta, value); return self(); }
  public S setL1(double value) { set(p.l1, value); return self(); }
  public S setL2(double value) { set(p.l2, value); return self(); }
  public S setL21(double value) { set(p.l21, value); return self(); }
  public S setInitialAccumulator(double value) { set(p.initialAccumulator, value); return self(); }
  public S setFactorSize(int value) { set(f.factorSize, value); return self(); }
  public S setInitStd(double value) { set(f.initStd, value); return self(); }
  public S setFitLinear(boolean value) { set(f.fitLinear, value); return self(); }
  public S setValidationIndicatorCol(String value) { set(p.control.validationIndicatorCol, value); return self(); }
  public S setValidationFraction(double value) { set(p.control.validationFraction, value); return self(); }
  public S setValidationSplit(String value) { set(p.control.validationSplit, value); return self(); }
  public S setTol(double value) { set(p.control.tol, value); return self(); }
  public S setEarlyStoppingPatience(int value) { set(p.control.earlyStoppingPatience, value); return self(); }
  public S setStepSizeDecay(double value) { set(p.control.stepSizeDecay, value); return self(); }
  public S setValidationMetric(String value) { set(p.control.validationMetric, value); return self(); }

  /** Called on the driver after every epoch. Not a Param: not saved, and lost by {@link #copy}. */
  @Override
  public void reportEpochs(CtrEstimator.EpochReporter reporter) {
    this.reporter = reporter;
  }

  /** The listener that reports each epoch of {@code phase} with its model. */
  private LocalTrainer.EpochListener listener(String phase, FeatureIndex index, FactorLayout layout) {
    final CtrEstimator.EpochReporter report = reporter;
    if (report == null) {
      return stats -> {};
    }
    return stats -> report.onEpoch(phase, stats.record(), () -> copyValues(new FactorizationMachineClassificationModel(
        uid + "_epoch" + stats.epoch(), new FactorizationModel(index, layout, fieldAware(), stats.parameters())),
        ParamMap.empty()));
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** Whether this is the field-aware variant. */
  abstract boolean fieldAware();

  /** FM and FFM have their own optimizer defaults. */
  @Override
  public String modelKind() {
    return fieldAware() ? "ffm" : "fm";
  }

  /** The fields column the rows' fields come from; empty when not field-aware. */
  abstract String fieldsColumn();

  @Override
  public StructType transformSchema(StructType schema) {
    return PredictionColumns.trainingSchema(schema, this);
  }

  @Override
  public FactorizationMachineClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    checkOptimizerParams(); // fails before any Spark job when a hyperparameter belongs to another optimizer
    try (SparkTraining training = new SparkTraining(dataset, getFeaturesCol(), getLabelCol(), getWeightCol(),
        fieldsColumn(), getValidationIndicatorCol(), heldOutRows())) {
      final FeatureIndex index = training.featureIndex();
      final FactorLayout layout = layout(training.numFeatures(), training.numFields());
      final TrainingConfig config = config(layout, training.baseRateLogOdds());
      double[] parameters = training.fit(config, stoppingRule(), getAggregationDepth(),
          listener("train", index, layout)).parameters();
      if (getRefit()) {
        parameters = training.fit(config.refit(optimizerSpec(true, config.model()), parameters), stoppingRule(),
            getAggregationDepth(), listener("refit", index, layout)).parameters();
      }
      FactorizationMachineClassificationModel model = new FactorizationMachineClassificationModel(
          uid + "_model", new FactorizationModel(index, layout, fieldAware(), parameters));
      return copyValues(model, ParamMap.empty()).setParent(this);
    }
  }

  /** The model's layout over {@code numRows} model rows and (field-aware) {@code numFields} fields. */
  FactorLayout layout(int numRows, int numFields) {
    return new FactorLayout(numRows, fieldAware() ? Math.max(1, numFields) : 1, getFactorSize(), getFitLinear(),
        getFitIntercept());
  }

  /**
   * The engine's configuration for these params, the intercept starting at {@code interceptStart} (tests
   * build the local reference with it).
   */
  TrainingConfig config(FactorLayout layout, double interceptStart) {
    final MarginFunction margin = fieldAware() ? new FfmMargin(layout, getInitStd(), getSeed())
        : new FmMargin(layout, getInitStd(), getSeed());
    return new TrainingConfig(optimizerSpec(false, margin), margin, getSeed(), getSyncsPerEpoch(), null, null)
        .withInterceptStart(interceptStart);
  }
}
