package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.Param;

/** The classifier columns plus the {@code optimizer} choice and epochs, common to every spark-ctr stage. */
public interface OptimizerChoiceParams extends ClassifierColumnParams {
  Param<String> optimizer();

  /** Fails, before any Spark job, when a hyperparameter belongs to another optimizer. */
  void checkOptimizerParams();

  int getMaxIter();
}
