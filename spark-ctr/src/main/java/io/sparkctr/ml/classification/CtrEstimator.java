package io.sparkctr.ml.classification;

import org.apache.spark.ml.Model;

/**
 * What the CLI needs from every spark-ctr estimator (logistic regression, FM, FFM, DeepFM), whatever
 * its engine: the optimizer choice, an early check of the optimizer's params, and a report after each
 * epoch with the model as it stands.
 */
public interface CtrEstimator extends OptimizerChoiceParams {
  /** Told on the driver after each epoch. Not a Param: not saved, and lost by {@code copy}. */
  @FunctionalInterface
  interface EpochReporter {
    /**
     * @param model the model after this epoch, with the estimator's params (computing it costs O(model))
     */
    void onEpoch(int epoch, double trainLogLoss, double seconds, java.util.function.Supplier<Model<?>> model);
  }

  void reportEpochs(EpochReporter reporter);
}
