package io.sparkctr.serving;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.RowEncoder;
import io.sparkctr.featurize.Vocabulary;
import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.lr.LinearModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained logistic regression ready to score rows without Spark: the exported model. It keeps only
 * nonzero weights, and for vocabulary features the original tokens instead of indices, so
 * {@code feature=weight} reads as the model. Three kinds of input:
 *
 * <ul>
 *   <li>indexed rows (libsvm, libffm): sparse (index, value) features;
 *   <li>hashed raw rows: raw column tokens through the training {@link FieldLayout} and the same
 *       field-salted hashing ({@link RowEncoder}), then (index, weight) pairs;
 *   <li>vocabulary raw rows: raw tokens through the layout, then per field token to weight. A token
 *       not listed scores as the field's out-of-vocabulary weight. Tokens whose weight is zero are
 *       dropped only where that is exact, i.e. when the field's OOV weight is zero too.
 * </ul>
 *
 * Immutable and shareable across threads; scoring goes through a per-thread {@link Scorer}. Stored by
 * {@link ServingModelCodec}.
 */
public final class ServingModel {
  /** What the model's rows look like. */
  public enum InputKind {
    INDEXED,
    HASHED,
    VOCABULARY
  }

  final InputKind kind;
  final double intercept;
  final int numFeatures;
  final FieldLayout layout;
  final int numBits;
  final boolean keepInvalid;
  /** INDEXED and HASHED: nonzero weights, ascending by index. */
  final int[] indices;
  final double[] weights;
  /** VOCABULARY: per field, tokens (ascending) with their weights, and the OOV weight. */
  final String[][] tokens;
  final double[][] tokenWeights;
  final double[] oovWeights;

  ServingModel(InputKind kind, double intercept, int numFeatures, FieldLayout layout, int numBits,
      boolean keepInvalid, int[] indices, double[] weights, String[][] tokens, double[][] tokenWeights,
      double[] oovWeights) {
    this.kind = kind;
    this.intercept = intercept;
    this.numFeatures = numFeatures;
    this.layout = layout;
    this.numBits = numBits;
    this.keepInvalid = keepInvalid;
    this.indices = indices;
    this.weights = weights;
    this.tokens = tokens;
    this.tokenWeights = tokenWeights;
    this.oovWeights = oovWeights;
  }

  /** For rows that are already indexed (libsvm, libffm). */
  public static ServingModel indexed(LinearModel model) {
    int[][] nz = nonzeros(model);
    return new ServingModel(InputKind.INDEXED, model.intercept(), model.numFeatures(), null, 0, false,
        nz[0], weightsAt(model, nz[0]), null, null, null);
  }

  /**
   * For raw rows featurized by hashing into 2^numBits.
   *
   * @param keepInvalid whether an invalid raw token is its own category (the featurizer's
   *     handleInvalid = keep) rather than an error
   */
  public static ServingModel hashed(FieldLayout layout, int numBits, LinearModel model, boolean keepInvalid) {
    if (model.numFeatures() != 1 << numBits) {
      throw new IllegalArgumentException(
          "Dimension mismatch: 2^" + numBits + " hashed features, the model has " + model.numFeatures());
    }
    int[][] nz = nonzeros(model);
    return new ServingModel(InputKind.HASHED, model.intercept(), model.numFeatures(), layout, numBits, keepInvalid,
        nz[0], weightsAt(model, nz[0]), null, null, null);
  }

  /** For raw rows featurized with a per-field vocabulary. */
  public static ServingModel vocabulary(FieldLayout layout, Vocabulary vocabulary, LinearModel model,
      boolean keepInvalid) {
    if (model.numFeatures() != vocabulary.size()) {
      throw new IllegalArgumentException("Dimension mismatch: the vocabulary has " + vocabulary.size()
          + " features, the model " + model.numFeatures());
    }
    final int numFields = layout.numFields();
    String[][] tokens = new String[numFields][];
    double[][] tokenWeights = new double[numFields][];
    double[] oov = new double[numFields];
    for (int f = 0; f < numFields; f++) {
      oov[f] = model.weight(vocabulary.oovIndex(f));
      List<String> kept = new ArrayList<>();
      for (int i = vocabulary.offset(f); i < vocabulary.offset(f) + vocabulary.fieldSize(f); i++) {
        // A dropped token scores as OOV: exact only when both weights are zero.
        if (!vocabulary.isOov(i) && (model.weight(i) != 0.0 || oov[f] != 0.0)) {
          kept.add(vocabulary.token(i));
        }
      }
      String[] sorted = kept.toArray(new String[0]);
      Arrays.sort(sorted);
      double[] w = new double[sorted.length];
      for (int k = 0; k < sorted.length; k++) {
        w[k] = model.weight(vocabulary.index(f, sorted[k]));
      }
      tokens[f] = sorted;
      tokenWeights[f] = w;
    }
    return new ServingModel(InputKind.VOCABULARY, model.intercept(), model.numFeatures(), layout, 0, keepInvalid,
        null, null, tokens, tokenWeights, oov);
  }

  private static int[][] nonzeros(LinearModel model) {
    int count = model.numNonzeros();
    int[] idx = new int[count];
    int k = 0;
    for (int j = 0; j < model.numFeatures(); j++) {
      if (model.weight(j) != 0.0) {
        idx[k++] = j;
      }
    }
    return new int[][] {idx};
  }

  private static double[] weightsAt(LinearModel model, int[] idx) {
    double[] w = new double[idx.length];
    for (int k = 0; k < idx.length; k++) {
      w[k] = model.weight(idx[k]);
    }
    return w;
  }

  public InputKind inputKind() {
    return kind;
  }

  /** The raw input columns a raw row must list, in order (empty for indexed models). */
  public String[] inputColumns() {
    return layout == null ? new String[0] : layout.inputCols();
  }

  public double intercept() {
    return intercept;
  }

  /** Stored weights: nonzero ones, plus (vocabulary) zero-weight tokens kept for exactness. */
  public int numStoredWeights() {
    if (kind != InputKind.VOCABULARY) {
      return indices.length;
    }
    int n = 0;
    for (String[] t : tokens) {
      n += t.length;
    }
    return n;
  }

  /** A scorer with its own scratch buffers; use one per thread. */
  public Scorer scorer() {
    return new Scorer(this);
  }

  /** Scores rows for one thread: reused buffers, no allocation per row beyond the raw tokens. */
  public static final class Scorer {
    private final ServingModel m;
    private final String[] fieldTokens;
    private final RowEncoder encoder;
    private final int[] rowIndices;
    private final double[] rowValues;
    private final int[] rowFields;

    Scorer(ServingModel m) {
      this.m = m;
      final int numFields = m.layout == null ? 0 : m.layout.numFields();
      this.fieldTokens = new String[numFields];
      this.encoder = m.kind == InputKind.HASHED ? new RowEncoder(numFields, null, m.numBits) : null;
      this.rowIndices = new int[numFields];
      this.rowValues = new double[numFields];
      this.rowFields = new int[numFields];
    }

    /** Click probability of a raw row: {@code raw[i]} is the token of input column i (null reads as ""). */
    public double probability(String[] raw) {
      return Numerics.sigmoid(margin(raw));
    }

    /** The margin (log-odds) of a raw row. */
    public double margin(String[] raw) {
      if (m.kind == InputKind.INDEXED) {
        throw new IllegalStateException("This model scores indexed rows (libsvm/libffm), not raw tokens");
      }
      if (raw.length < m.layout.numInputCols()) {
        throw new IllegalArgumentException("A raw row MUST have " + m.layout.numInputCols() + " columns "
            + Arrays.toString(m.layout.inputCols()) + ", but got " + raw.length);
      }
      final int bad = m.layout.toFieldTokens(raw, fieldTokens);
      if (bad >= 0 && !m.keepInvalid) {
        throw new IllegalArgumentException("Column " + m.layout.inputCol(bad) + " MUST hold "
            + m.layout.expectation(bad) + ", but got '" + raw[bad] + "'");
      }
      double margin = m.intercept;
      if (m.kind == InputKind.VOCABULARY) {
        for (int f = 0; f < fieldTokens.length; f++) {
          final int k = Arrays.binarySearch(m.tokens[f], fieldTokens[f]);
          margin += k >= 0 ? m.tokenWeights[f][k] : m.oovWeights[f];
        }
        return margin;
      }
      final int nnz = encoder.encode(fieldTokens, rowIndices, rowValues, rowFields);
      return margin + m.sparseDot(rowIndices, rowValues, nnz);
    }

    /** Click probability of an indexed row (0-based indices). */
    public double probability(int[] indices, double[] values, int nnz) {
      if (m.kind != InputKind.INDEXED) {
        throw new IllegalStateException("This model scores raw rows of columns " + Arrays.toString(m.inputColumns()));
      }
      for (int p = 0; p < nnz; p++) {
        if (indices[p] < 0 || indices[p] >= m.numFeatures) {
          throw new IllegalArgumentException(
              "Feature index MUST be in [0, " + m.numFeatures + "), but got " + indices[p]);
        }
      }
      return Numerics.sigmoid(m.intercept + m.sparseDot(indices, values, nnz));
    }
  }

  private double sparseDot(int[] rowIndices, double[] rowValues, int nnz) {
    double sum = 0.0;
    for (int p = 0; p < nnz; p++) {
      final int k = Arrays.binarySearch(indices, rowIndices[p]);
      if (k >= 0) {
        sum += weights[k] * rowValues[p];
      }
    }
    return sum;
  }
}
