package io.sparkctr.models.deepfm;

import io.sparkctr.metrics.Numerics;
import java.io.Serializable;

/**
 * A trained DeepFM: its layout, sparse rows (first-order weight and embedding per feature) and dense
 * parameters. Scores one row at a time through a {@link DeepFmKernel} of its own (built lazily: the
 * model is shipped to Spark tasks, each deserialized copy gets its own scratch), so an instance must not
 * be shared between threads. Knows nothing about optimizers or Spark.
 */
public final class DeepFmModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DeepFmLayout layout;
  private final double[] sparse;
  private final double[] dense;
  private transient DeepFmKernel scorer;

  /** @param sparse, dense the parameters in {@code layout}'s order (kept, not copied) */
  public DeepFmModel(DeepFmLayout layout, double[] sparse, double[] dense) {
    if (sparse.length != layout.sparseSize() || dense.length != layout.denseSize()) {
      throw new IllegalArgumentException("Dimension mismatch: " + sparse.length + " sparse and " + dense.length
          + " dense parameters for a layout of " + layout.sparseSize() + " and " + layout.denseSize());
    }
    this.layout = layout;
    this.sparse = sparse;
    this.dense = dense;
  }

  public DeepFmLayout layout() {
    return layout;
  }

  public int numFeatures() {
    return layout.numFeatures();
  }

  public double sparse(int i) {
    return sparse[i];
  }

  public double dense(int i) {
    return dense[i];
  }

  /** Whether feature j's embedding row has a nonzero entry. */
  public boolean embeddingIsNonzero(int j) {
    final int from = layout.embeddingOffset(j);
    for (int c = 0; c < layout.embeddingDim(); c++) {
      if (sparse[from + c] != 0.0) {
        return true;
      }
    }
    return false;
  }

  /** Embedding rows with a nonzero entry. */
  public int numNonzeroEmbeddingRows() {
    int count = 0;
    for (int j = 0; j < layout.numFeatures(); j++) {
      count += embeddingIsNonzero(j) ? 1 : 0;
    }
    return count;
  }

  /** Nonzero parameters, sparse and dense (the intercept included). */
  public long numNonzeros() {
    long count = 0;
    for (double v : sparse) {
      count += v != 0.0 ? 1 : 0;
    }
    for (double v : dense) {
      count += v != 0.0 ? 1 : 0;
    }
    return count;
  }

  /**
   * The margin of one row (no dropout), through this instance's own scratch: not for concurrent use
   * (give each thread a {@link #scorer()}). Indices beyond the feature space and fields beyond the
   * layout's are rejected.
   */
  public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
    if (scorer == null) {
      scorer = new DeepFmKernel(layout, 1, 0.0, 0.0);
    }
    return scorer.margin(sparse, dense, indices, values, fields, from, to);
  }

  /** A scorer with its own scratch over this model's parameters (shared, not copied): one per thread. */
  public Scorer scorer() {
    return new Scorer(this);
  }

  /** Scores rows for one thread. */
  public static final class Scorer {
    private final DeepFmModel model;
    private final DeepFmKernel kernel;

    Scorer(DeepFmModel model) {
      this.model = model;
      this.kernel = new DeepFmKernel(model.layout, 1, 0.0, 0.0);
    }

    public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
      return kernel.margin(model.sparse, model.dense, indices, values, fields, from, to);
    }
  }

  public double probability(int[] indices, double[] values, int[] fields, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, fields, from, to));
  }
}
