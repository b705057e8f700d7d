package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.ParamsReader;
import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import io.sparkctr.train.LocalTrainer;
import io.sparkctr.train.LogisticPass;
import io.sparkctr.train.TrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Logistic regression trained with a sparse online optimizer, distributed over Spark, chosen by the
 * {@code optimizer} Param: FTRL-Proximal (McMahan et al., KDD 2013; the default), L1-RDA (Xiao, JMLR
 * 2010), L1-FOBOS (Duchi and Singer, JMLR 2009), truncated gradient and simple truncation (Langford,
 * Li and Zhang, JMLR 2009), L1-SGD, and the SGD and AdaGrad baselines. Partitions merge by the
 * optimizer family's rule: FTRL by contractions, RDA by summing (G, t), the SGD family by averaging
 * weights and re-applying the proximal or truncation step ({@link io.sparkctr.optim.MergeRule}).
 *
 * <p>Each round ({@code syncsPerEpoch} per epoch) broadcasts the optimizer state (z, n); every
 * partition runs the online pass of {@link LogisticPass} over its next slice of rows from that
 * state and returns summable increments for the coordinates it touched; {@code treeAggregate} sums
 * them and the driver merges the sum into the state ({@link FtrlOptimizer#mergeContractions}, which
 * says how and why this departs from summing the increments of z). With one partition this is exactly
 * {@link LocalTrainer}'s model. Rows are shuffled within each partition before every epoch, seeded by
 * (seed, epoch, partition).
 *
 * <p>Epochs run until validation stops improving ({@link TrainingControlParams}: by default 10% of the
 * rows are held out and the best epoch's model is returned) or, without validation rows, until the
 * training loss stalls. The model has a weight only for the features seen in training; the intercept
 * starts at the log-odds of the training rows' base rate.
 *
 * <p>Input: {@code featuresCol} (Vector), {@code labelCol} (0 or 1), optional {@code weightCol}. Output
 * columns as MLlib's LogisticRegression, so {@code BinaryClassificationEvaluator} works unchanged.
 */
public final class FtrlLogisticRegression extends Estimator<FtrlLogisticRegressionModel>
    implements FtrlLogisticRegressionParams, CtrEstimator, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final SparseOnlineParamSet p;
  private transient CtrEstimator.EpochReporter reporter;

  public FtrlLogisticRegression() {
    this(Identifiable$.MODULE$.randomUID("ftrlLR"));
  }

  public FtrlLogisticRegression(String uid) {
    this.uid = uid;
    this.p = new SparseOnlineParamSet(this);
  }

  @Override public String uid() { return uid; }
  @Override public SparseOnlineParamSet sparseOnlineParams() { return p; }

  public FtrlLogisticRegression setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return this; }
  public FtrlLogisticRegression setLabelCol(String value) { set(p.classifier.labelCol, value); return this; }
  public FtrlLogisticRegression setWeightCol(String value) { set(p.classifier.weightCol, value); return this; }
  public FtrlLogisticRegression setPredictionCol(String value) { set(p.classifier.predictionCol, value); return this; }
  public FtrlLogisticRegression setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return this; }
  public FtrlLogisticRegression setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return this; }
  public FtrlLogisticRegression setMaxIter(int value) { set(p.classifier.maxIter, value); return this; }
  public FtrlLogisticRegression setSeed(long value) { set(p.classifier.seed, value); return this; }
  public FtrlLogisticRegression setThreshold(double value) { set(p.classifier.threshold, value); return this; }
  public FtrlLogisticRegression setFitIntercept(boolean value) { set(p.classifier.fitIntercept, value); return this; }
  public FtrlLogisticRegression setAggregationDepth(int value) { set(p.classifier.aggregationDepth, value); return this; }
  public FtrlLogisticRegression setSyncsPerEpoch(int value) { set(p.classifier.syncsPerEpoch, value); return this; }
  public FtrlLogisticRegression setOptimizer(String value) { set(p.optimizer, value); return this; }
  public FtrlLogisticRegression setRefit(boolean value) { set(p.refit, value); return this; }
  public FtrlLogisticRegression setStepSize(double value) { set(p.stepSize, value); return this; }
  public FtrlLogisticRegression setSchedule(String value) { set(p.schedule, value); return this; }
  public FtrlLogisticRegression setTheta(double value) { set(p.theta, value); return this; }
  public FtrlLogisticRegression setTruncationPeriod(int value) { set(p.truncationPeriod, value); return this; }
  public FtrlLogisticRegression setGamma(double value) { set(p.gamma, value); return this; }
  public FtrlLogisticRegression setRho(double value) { set(p.rho, value); return this; }
  public FtrlLogisticRegression setAlpha(double value) { set(p.alpha, value); return this; }
  public FtrlLogisticRegression setBeta(double value) { set(p.beta, value); return this; }
  public FtrlLogisticRegression setL1(double value) { set(p.l1, value); return this; }
  public FtrlLogisticRegression setL2(double value) { set(p.l2, value); return this; }
  public FtrlLogisticRegression setL21(double value) { set(p.l21, value); return this; }
  public FtrlLogisticRegression setInitialAccumulator(double value) { set(p.initialAccumulator, value); return this; }
  public FtrlLogisticRegression setValidationIndicatorCol(String value) { set(p.control.validationIndicatorCol, value); return this; }
  public FtrlLogisticRegression setValidationFraction(double value) { set(p.control.validationFraction, value); return this; }
  public FtrlLogisticRegression setValidationSplit(String value) { set(p.control.validationSplit, value); return this; }
  public FtrlLogisticRegression setTol(double value) { set(p.control.tol, value); return this; }
  public FtrlLogisticRegression setEarlyStoppingPatience(int value) { set(p.control.earlyStoppingPatience, value); return this; }
  public FtrlLogisticRegression setStepSizeDecay(double value) { set(p.control.stepSizeDecay, value); return this; }
  public FtrlLogisticRegression setValidationMetric(String value) { set(p.control.validationMetric, value); return this; }

  /**
   * Called on the driver after every epoch (the CLI prints progress and test AUC from it). Not a
   * Param: it is not saved and does not survive {@link #copy}.
   */
  @Override
  public void reportEpochs(CtrEstimator.EpochReporter reporter) {
    this.reporter = reporter;
  }

  /** The listener that reports each epoch of {@code phase} with its model over {@code index}'s rows. */
  private LocalTrainer.EpochListener listener(String phase, FeatureIndex index) {
    final CtrEstimator.EpochReporter report = reporter;
    if (report == null) {
      return stats -> {};
    }
    return stats -> report.onEpoch(phase, stats.record(), () -> copyValues(new FtrlLogisticRegressionModel(
        uid + "_epoch" + stats.epoch(), LinearModel.fromParameters(stats.parameters(), index, getFitIntercept())),
        ParamMap.empty()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return PredictionColumns.trainingSchema(schema, this);
  }

  @Override
  public FtrlLogisticRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    checkOptimizerParams(); // fails before any Spark job when a hyperparameter belongs to another optimizer
    try (SparkTraining training = new SparkTraining(dataset, getFeaturesCol(), getLabelCol(), getWeightCol(), "",
        getValidationIndicatorCol(), heldOutRows())) {
      final FeatureIndex index = training.featureIndex();
      TrainingConfig config = config(training.numFeatures(), training.baseRateLogOdds());
      double[] parameters = training.fit(config, stoppingRule(), getAggregationDepth(), listener("train", index))
          .parameters();
      if (getRefit()) {
        parameters = training.fit(refitConfig(config, parameters), stoppingRule(), getAggregationDepth(),
            listener("refit", index)).parameters();
      }
      LinearModel model = LinearModel.fromParameters(parameters, index, getFitIntercept());
      return copyValues(new FtrlLogisticRegressionModel(uid + "_model", model), ParamMap.empty()).setParent(this);
    }
  }

  /**
   * The engine's configuration for these params over {@code numRows} model rows, the intercept starting at
   * {@code interceptStart} (tests build the local reference with it).
   */
  TrainingConfig config(int numRows, double interceptStart) {
    return new TrainingConfig(optimizerSpec(numRows), numRows, getFitIntercept(), getSeed(), getSyncsPerEpoch())
        .withInterceptStart(interceptStart);
  }

  /**
   * The refit of an L1 run (relaxed lasso, Meinshausen 2007): the same optimizer with its sparsity off,
   * warm-started from the run's parameters, over only the features it kept.
   */
  TrainingConfig refitConfig(TrainingConfig l1Run, double[] selected) {
    return l1Run.refit(optimizerSpec(true, l1Run.model()), selected);
  }

  @Override
  public FtrlLogisticRegression copy(ParamMap extra) {
    FtrlLogisticRegression copy = (FtrlLogisticRegression) defaultCopy(extra);
    return copy;
  }

  public static MLReader<FtrlLogisticRegression> read() {
    return new ParamsReader<>(FtrlLogisticRegression.class);
  }

  public static FtrlLogisticRegression load(String path) {
    return read().load(path);
  }
}
