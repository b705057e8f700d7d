package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Params shared by {@link FtrlLogisticRegression} and {@link FtrlLogisticRegressionModel}. */
public interface FtrlLogisticRegressionParams extends Params {
  Param<String> featuresCol();

  Param<String> labelCol();

  Param<String> weightCol();

  Param<String> predictionCol();

  Param<String> probabilityCol();

  Param<String> rawPredictionCol();

  IntParam maxIter();

  LongParam seed();

  DoubleParam threshold();

  BooleanParam fitIntercept();

  IntParam aggregationDepth();

  DoubleParam alpha();

  DoubleParam beta();

  DoubleParam l1();

  DoubleParam l2();

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
