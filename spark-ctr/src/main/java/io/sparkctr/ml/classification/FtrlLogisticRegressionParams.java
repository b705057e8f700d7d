package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Params shared by {@link FtrlLogisticRegression} and {@link FtrlLogisticRegressionModel}. */
public interface FtrlLogisticRegressionParams extends Params {
  /** The stage's own param objects (each stage builds one in its constructor). */
  FtrlParamSet ftrlParams();

  default Param<String> featuresCol() {
    return ftrlParams().featuresCol;
  }

  default Param<String> labelCol() {
    return ftrlParams().labelCol;
  }

  default Param<String> weightCol() {
    return ftrlParams().weightCol;
  }

  default Param<String> predictionCol() {
    return ftrlParams().predictionCol;
  }

  default Param<String> probabilityCol() {
    return ftrlParams().probabilityCol;
  }

  default Param<String> rawPredictionCol() {
    return ftrlParams().rawPredictionCol;
  }

  default IntParam maxIter() {
    return ftrlParams().maxIter;
  }

  default LongParam seed() {
    return ftrlParams().seed;
  }

  default DoubleParam threshold() {
    return ftrlParams().threshold;
  }

  default BooleanParam fitIntercept() {
    return ftrlParams().fitIntercept;
  }

  default IntParam aggregationDepth() {
    return ftrlParams().aggregationDepth;
  }

  default IntParam syncsPerEpoch() {
    return ftrlParams().syncsPerEpoch;
  }

  default int getSyncsPerEpoch() {
    return (Integer) $(syncsPerEpoch());
  }

  default DoubleParam alpha() {
    return ftrlParams().alpha;
  }

  default DoubleParam beta() {
    return ftrlParams().beta;
  }

  default DoubleParam l1() {
    return ftrlParams().l1;
  }

  default DoubleParam l2() {
    return ftrlParams().l2;
  }

  default String getFeaturesCol() {
    return $(featuresCol());
  }

  default String getLabelCol() {
    return $(labelCol());
  }

  default String getWeightCol() {
    return $(weightCol());
  }

  default String getPredictionCol() {
    return $(predictionCol());
  }

  default String getProbabilityCol() {
    return $(probabilityCol());
  }

  default String getRawPredictionCol() {
    return $(rawPredictionCol());
  }

  default int getMaxIter() {
    return (Integer) $(maxIter());
  }

  default long getSeed() {
    return (Long) $(seed());
  }

  default double getThreshold() {
    return (Double) $(threshold());
  }

  default boolean getFitIntercept() {
    return (Boolean) $(fitIntercept());
  }

  default int getAggregationDepth() {
    return (Integer) $(aggregationDepth());
  }

  default double getAlpha() {
    return (Double) $(alpha());
  }

  default double getBeta() {
    return (Double) $(beta());
  }

  default double getL1() {
    return (Double) $(l1());
  }

  default double getL2() {
    return (Double) $(l2());
  }
}
