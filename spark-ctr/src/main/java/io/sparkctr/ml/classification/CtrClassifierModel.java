package io.sparkctr.ml.classification;

/**
 * What every spark-ctr classifier model reports about its size, whatever the model family: the
 * numbers the CLI's metrics.json and the size path print.
 */
public interface CtrClassifierModel extends ClassifierColumnParams {
  /** The feature-space size the model was trained on (indexed input is read with it). */
  int numFeatures();

  /** Nonzero penalised parameters: weights, plus factor entries for factorization machines. */
  long nonzeroParameters();

  /** Embedding rows (factor vectors) with a nonzero entry; 0 for models without embeddings. */
  int nonzeroEmbeddingRows();
}
