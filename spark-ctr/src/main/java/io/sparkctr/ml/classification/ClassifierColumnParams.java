package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.Params;

/** The input and output columns every spark-ctr classifier has (what {@link PredictionColumns} reads). */
public interface ClassifierColumnParams extends Params {
  String getFeaturesCol();

  String getLabelCol();

  String getWeightCol();

  String getPredictionCol();

  String getProbabilityCol();

  String getRawPredictionCol();

  double getThreshold();
}
