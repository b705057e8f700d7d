package io.sparkctr.ml.classification;

import io.sparkctr.models.FeatureIndex;
import org.apache.spark.sql.Dataset;

/**
 * What every spark-ctr classifier model reports about its size, whatever the model family: the
 * numbers the CLI's metrics.json and the size path print.
 */
public interface CtrClassifierModel extends ClassifierColumnParams {
  /** The feature-space size the model was trained on (indexed input is read with at least this size). */
  int numFeatures();

  /** The features with a model row: those seen in training. Others score as zero. */
  FeatureIndex featureIndex();

  /** Nonzero penalised parameters: weights, plus factor entries for factorization machines. */
  long nonzeroParameters();

  /** Embedding rows (factor vectors) with a nonzero entry; 0 for models without embeddings. */
  int nonzeroEmbeddingRows();

  /**
   * Entries of {@code dataset}'s features column whose feature has no model row (never seen in training):
   * each scores with zero weight, and this counts them. One Spark job.
   */
  default long countUnseenFeatures(Dataset<?> dataset) {
    return UnseenFeatures.count(dataset, getFeaturesCol(), featureIndex());
  }
}
