package io.sparkctr.ml.classification;

import io.sparkctr.ml.param.CtrParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params every spark-ctr classifier has, whatever it trains (logistic regression, the factorization
 * machines, DeepFM): its columns, how many epochs at most, its seed and threshold, the intercept, and how its
 * rounds merge. Built once per stage with their defaults, inside {@link SparseOnlineParamSet} and
 * {@link DeepFmParamSet}, as {@link TrainingControlParamSet} is.
 */
public final class ClassifierParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Default epochs at most (training usually stops earlier: TrainingControlParams). */
  public static final int DEFAULT_MAX_ITER = 20;

  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> weightCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final IntParam maxIter;
  final LongParam seed;
  final DoubleParam threshold;
  final BooleanParam fitIntercept;
  final IntParam aggregationDepth;
  final IntParam syncsPerEpoch;

  /**
   * Call from the stage's (String uid) constructor, after its uid is set.
   *
   * @param seedOf the class whose name's hash is the default seed
   */
  ClassifierParamSet(Params owner, Class<?> seedOf) {
    featuresCol = CtrParams.featuresCol(owner);
    labelCol = CtrParams.labelCol(owner);
    weightCol = CtrParams.weightCol(owner);
    predictionCol = CtrParams.predictionCol(owner);
    probabilityCol = CtrParams.probabilityCol(owner);
    rawPredictionCol = CtrParams.rawPredictionCol(owner);
    maxIter = CtrParams.maxIter(owner, DEFAULT_MAX_ITER);
    seed = CtrParams.seed(owner);
    threshold = CtrParams.threshold(owner);
    fitIntercept = CtrParams.fitIntercept(owner);
    aggregationDepth = CtrParams.aggregationDepth(owner);
    syncsPerEpoch = CtrParams.syncsPerEpoch(owner);

    owner.setDefault(featuresCol, "features");
    owner.setDefault(labelCol, "label");
    owner.setDefault(weightCol, "");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(rawPredictionCol, "rawPrediction");
    owner.setDefault(maxIter, DEFAULT_MAX_ITER);
    owner.setDefault(seed, (long) seedOf.getName().hashCode());
    owner.setDefault(threshold, 0.5);
    owner.setDefault(fitIntercept, true);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(syncsPerEpoch, 8);
  }
}
