package io.sparkctr.ml.classification;

import io.sparkctr.optim.dense.MiniBatchOptimizerRegistry;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/** Params shared by {@link DeepFmClassifier} and {@link DeepFmClassificationModel}. */
public interface DeepFmParams extends OptimizerChoiceParams, TrainingControlParams {
  @Override
  default TrainingControlParamSet trainingControl() {
    return deepFmParams().control;
  }



  DeepFmParamSet deepFmParams();

  default Param<String> featuresCol() { return deepFmParams().classifier.featuresCol; }
  default Param<String> labelCol() { return deepFmParams().classifier.labelCol; }
  default Param<String> weightCol() { return deepFmParams().classifier.weightCol; }
  default Param<String> fieldsCol() { return deepFmParams().fieldsCol; }
  default Param<String> predictionCol() { return deepFmParams().classifier.predictionCol; }
  default Param<String> probabilityCol() { return deepFmParams().classifier.probabilityCol; }
  default Param<String> rawPredictionCol() { return deepFmParams().classifier.rawPredictionCol; }
  default IntParam maxIter() { return deepFmParams().classifier.maxIter; }
  default LongParam seed() { return deepFmParams().classifier.seed; }
  default DoubleParam threshold() { return deepFmParams().classifier.threshold; }
  default BooleanParam fitIntercept() { return deepFmParams().classifier.fitIntercept; }
  default IntParam aggregationDepth() { return deepFmParams().classifier.aggregationDepth; }
  default IntParam syncsPerEpoch() { return deepFmParams().classifier.syncsPerEpoch; }
  default IntParam embeddingDim() { return deepFmParams().embeddingDim; }
  default IntArrayParam hiddenLayers() { return deepFmParams().hiddenLayers; }
  default DoubleParam dropout() { return deepFmParams().dropout; }
  default IntParam batchSize() { return deepFmParams().batchSize; }
  default DoubleParam initStd() { return deepFmParams().initStd; }
  default DoubleParam embeddingL2() { return deepFmParams().embeddingL2; }
  default Param<String> optimizer() { return deepFmParams().optimizer; }
  default DoubleParam stepSize() { return deepFmParams().stepSize; }
  default DoubleParam rho() { return deepFmParams().rho; }
  default DoubleParam zeta() { return deepFmParams().zeta; }
  default BooleanParam netPerturbation() { return deepFmParams().netPerturbation; }
  default Param<String> helenMode() { return deepFmParams().helenMode; }
  default Param<String> helenCountsPath() { return deepFmParams().helenCountsPath; }
  default DoubleParam l1() { return deepFmParams().l1; }
  default DoubleParam l21() { return deepFmParams().l21; }

  @Override default String getFeaturesCol() { return $(featuresCol()); }
  @Override default String getLabelCol() { return $(labelCol()); }
  @Override default String getWeightCol() { return $(weightCol()); }
  default String getFieldsCol() { return $(fieldsCol()); }
  @Override default String getPredictionCol() { return $(predictionCol()); }
  @Override default String getProbabilityCol() { return $(probabilityCol()); }
  @Override default String getRawPredictionCol() { return $(rawPredictionCol()); }
  @Override default double getThreshold() { return (Double) $(threshold()); }
  default int getMaxIter() { return (Integer) $(maxIter()); }
  default long getSeed() { return (Long) $(seed()); }
  default boolean getFitIntercept() { return (Boolean) $(fitIntercept()); }
  default int getAggregationDepth() { return (Integer) $(aggregationDepth()); }
  default int getSyncsPerEpoch() { return (Integer) $(syncsPerEpoch()); }
  default int getEmbeddingDim() { return (Integer) $(embeddingDim()); }
  default int[] getHiddenLayers() { return $(hiddenLayers()); }
  default double getDropout() { return (Double) $(dropout()); }
  default int getBatchSize() { return (Integer) $(batchSize()); }
  default double getInitStd() { return (Double) $(initStd()); }
  default double getEmbeddingL2() { return (Double) $(embeddingL2()); }
  default String getOptimizer() { return $(optimizer()); }
  /** The learning rate: the Param, or when it is 0 the chosen optimizer's default. */
  default double getStepSize() {
    final double set = (Double) $(stepSize());
    return set > 0 ? set : MiniBatchOptimizerRegistry.OPTIMIZERS.get(getOptimizer()).defaultStepSize();
  }
  default double getRho() { return (Double) $(rho()); }
  default double getZeta() { return (Double) $(zeta()); }
  default boolean getNetPerturbation() { return (Boolean) $(netPerturbation()); }
  default String getHelenMode() { return $(helenMode()); }
  default String getHelenCountsPath() { return $(helenCountsPath()); }
  default double getL1() { return (Double) $(l1()); }
  default double getL21() { return (Double) $(l21()); }

  /** A Param set for an optimizer that does not own it is an error (as for the linear models' optimizers). */
  default void checkOptimizerParams() {
    final MiniBatchOptimizerRegistry.Entry chosen = MiniBatchOptimizerRegistry.OPTIMIZERS.get(getOptimizer());
    for (String name : MiniBatchOptimizerRegistry.OPTIMIZERS.ownedParams()) {
      if (!chosen.params().contains(name) && isSet(getParam(name))) {
        throw new IllegalArgumentException("Param " + name + " does not apply to optimizer '" + chosen.name()
            + "' (it is for " + MiniBatchOptimizerRegistry.OPTIMIZERS.owners(name) + "). Clear " + name
            + " or choose one of those optimizers.");
      }
    }
  }
}
