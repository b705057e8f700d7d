package io.sparkctr.ml.classification;

import io.sparkctr.train.LocalTrainer;
import org.apache.spark.ml.Model;

/**
 * What the CLI needs from every spark-ctr estimator beyond Spark's {@code Estimator}: progress after
 * each epoch, and the model as it stands after one (to score it).
 */
public interface CtrClassifier extends FtrlLogisticRegressionParams {
  /** Called on the driver after every epoch. Not a Param: not saved, and lost by {@code copy}. */
  CtrClassifier setEpochListener(LocalTrainer.EpochListener listener);

  /** The model after an epoch, from the listener's stats, carrying this estimator's params. */
  Model<?> epochModel(LocalTrainer.EpochStats stats);
}
