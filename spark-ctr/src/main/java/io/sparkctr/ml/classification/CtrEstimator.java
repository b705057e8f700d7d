package io.sparkctr.ml.classification;

import io.sparkctr.train.EpochRecord;
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
     * @param phase {@code "train"}, or {@code "refit"} for the epochs of a refit on the kept support
     * @param record the epoch's losses, validation metrics and whether it is the best so far
     * @param model the model after this epoch, with the estimator's params (computing it costs O(model))
     */
    void onEpoch(String phase, EpochRecord record, java.util.function.Supplier<Model<?>> model);
  }

  /** Sets the reporter (null: none). */
  void reportEpochs(EpochReporter reporter);
}
