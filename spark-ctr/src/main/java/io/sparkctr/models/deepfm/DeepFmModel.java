package io.sparkctr.models.deepfm;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.MappedRow;
import java.io.Serializable;

/**
 * A trained DeepFM: its layout, sparse rows (first-order weight and embedding per model row, one row per
 * feature seen in training, {@link FeatureIndex}) and dense parameters. A feature without a model row has
 * no weight and no embedding: it adds nothing to the margin. Scores one row at a time through a {@link DeepFmKernel} of its own (built lazily: the
 * model is shipped to Spark tasks, each deserialized copy gets its own scratch), so an instance must not
 * be shared between threads. Knows nothing about optimizers or Spark.
 */
public final class DeepFmModel implements Serializable {
  private static final long serialVersionUID = 2L;

  private final FeatureIndex index;
  private final DeepFmLayout layout;
  private final double[] sparse;
  private final double[] dense;
  private transient Scorer scorer;

  /**
   * @param index the features with a model row; the layout has one feature per row
   * @param sparse, dense the parameters in {@code layout}'s order (kept, not copied)
   */
  public DeepFmModel(FeatureIndex index, DeepFmLayout layout, double[] sparse, double[] dense) {
    if (sparse.length != layout.sparseSize() || dense.length != layout.denseSize()) {
      throw new IllegalArgumentException("Dimension mismatch: " + sparse.length + " sparse and " + dense.length
          + " dense parameters for a layout of " + layout.sparseSize() + " and " + layout.denseSize());
    }
    if (layout.numFeatures() != index.size()) {
      throw new IllegalArgumentException("Dimension mismatch: a layout of " + layout.numFeatures() + " features for "
          + index.size() + " model rows");
    }
    this.index = index;
    this.layout = layout;
    this.sparse = sparse;
    this.dense = dense;
  }

  /** A model with a row for every feature of the layout, row j being feature j. */
  public DeepFmModel(DeepFmLayout layout, double[] sparse, double[] dense) {
    this(FeatureIndex.identity(layout.numFeatures()), layout, sparse, dense);
  }

  /** The layout over model rows (its numFeatures is the number of rows). */
  public DeepFmLayout layout() {
    return layout;
  }

  /** The features with a model row (seen in training). */
  public FeatureIndex featureIndex() {
    return index;
  }

  /** The size of the feature space the model was trained on (its features are below it). */
  public int numFeatures() {
    return index.numFeatures();
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
   * The margin of one row given in feature indices (no dropout), through this instance's own scratch: not
   * for concurrent use (give each thread a {@link #scorer()}). Fields beyond the layout's are rejected.
   */
  public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
    if (scorer == null) {
      scorer = new Scorer(this);
    }
    return scorer.margin(indices, values, fields, from, to);
  }

  /** A scorer with its own scratch over this model's parameters (shared, not copied): one per thread. */
  public Scorer scorer() {
    return new Scorer(this);
  }

  /** Scores rows for one thread: maps each row's features to model rows, then runs the kernel. */
  public static final class Scorer {
    private final DeepFmModel model;
    private final DeepFmKernel kernel;
    private final MappedRow row = new MappedRow();

    Scorer(DeepFmModel model) {
      this.model = model;
      this.kernel = new DeepFmKernel(model.layout, 1, 0.0, 0.0);
    }

    public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
      int n = row.map(model.index, indices, values, fields, from, to);
      if (fields != null) {
        // A field training never saw has no place in the network's input: its entries add nothing.
        final int numFields = model.layout.numFields();
        int kept = 0;
        for (int p = 0; p < n; p++) {
          if (row.fields[p] >= 0 && row.fields[p] < numFields) {
            row.indices[kept] = row.indices[p];
            row.values[kept] = row.values[p];
            row.fields[kept] = row.fields[p];
            kept++;
          }
        }
        row.unseen += n - kept;
        n = kept;
      }
      return kernel.margin(model.sparse, model.dense, row.indices, row.values, fields == null ? null : row.fields, 0,
          n);
    }

    /** Entries of the last row scored that had no model row (features not seen in training). */
    public int lastUnseen() {
      return row.unseen;
    }
  }

  public double probability(int[] indices, double[] values, int[] fields, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, fields, from, to));
  }
}
