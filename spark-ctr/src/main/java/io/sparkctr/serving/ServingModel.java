package io.sparkctr.serving;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.RowEncoder;
import io.sparkctr.featurize.Vocabulary;
import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
import io.sparkctr.models.lr.LinearMargin;
import io.sparkctr.models.lr.LinearModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A trained logistic regression, factorization machine (FM) or field-aware FM (FFM) ready to score rows
 * without Spark: the exported model. It keeps, per feature, only what is nonzero: the linear weight and
 * the embedding rows (factor vectors; FFM has one per (feature, field) pair) with a nonzero entry. For
 * vocabulary features it keeps the original tokens instead of indices, so {@code feature=weight} reads
 * as the model. Three kinds of input:
 *
 * <ul>
 *   <li>indexed rows (libsvm, libffm): sparse (index, value) features, and for FFM the field of each;
 *   <li>hashed raw rows: raw column tokens through the training {@link FieldLayout} and the same
 *       field-salted hashing ({@link RowEncoder}), which also gives each entry its field;
 *   <li>vocabulary raw rows: raw tokens through the layout, then per field token to its parameters. A
 *       token not listed scores as the field's out-of-vocabulary (OOV) feature. A token whose parameters
 *       are all zero is dropped only where that is exact, i.e. when the field's OOV parameters are all
 *       zero too.
 * </ul>
 *
 * <p>Scoring runs the model's own margin function ({@link LinearMargin}, {@link FmMargin},
 * {@link FfmMargin}) on the row in local coordinates: row entry p becomes feature p of a row-sized
 * layout whose parameters are gathered from the stored ones (zeros where nothing is stored). The
 * arithmetic is the trained model's, in the same order, so a served row gets the Spark model's margin.
 *
 * <p>Immutable and shareable across threads; scoring goes through a per-thread {@link Scorer}. Stored by
 * {@link ServingModelCodec}.
 */
public final class ServingModel {
  /** What the model's rows look like. */
  public enum InputKind {
    INDEXED,
    HASHED,
    VOCABULARY
  }

  /** Which model scores the rows. */
  public enum ModelType {
    LOGISTIC_REGRESSION,
    FACTORIZATION_MACHINE,
    FIELD_AWARE_FM
  }

  final ModelType type;
  final InputKind kind;
  final double intercept;
  final int numFeatures;
  final FieldLayout layout;
  final int numBits;
  final boolean keepInvalid;
  /** k; 0 for logistic regression. */
  final int factorSize;
  /** F: fields of the FFM layout; 1 for FM and logistic regression. */
  final int numFields;
  final boolean fitLinear;
  /** The stored features ("entries"); see {@link Entries}. */
  final Entries entries;
  /** INDEXED and HASHED: the feature index of each entry, ascending. */
  final int[] indices;
  /**
   * VOCABULARY: field f's entries are {@code [fieldStart[f], fieldStart[f + 1])}, its OOV feature first,
   * then {@code tokens[f]} (ascending) in order.
   */
  final int[] fieldStart;
  final String[][] tokens;

  ServingModel(ModelType type, InputKind kind, double intercept, int numFeatures, FieldLayout layout, int numBits,
      boolean keepInvalid, int factorSize, int numFields, boolean fitLinear, Entries entries, int[] indices,
      int[] fieldStart, String[][] tokens) {
    assert (kind == InputKind.VOCABULARY) == (tokens != null) && (indices == null) == (tokens != null);
    assert type != ModelType.LOGISTIC_REGRESSION || (factorSize == 0 && fitLinear);
    assert type == ModelType.FIELD_AWARE_FM || numFields == 1;
    this.type = type;
    this.kind = kind;
    this.intercept = intercept;
    this.numFeatures = numFeatures;
    this.layout = layout;
    this.numBits = numBits;
    this.keepInvalid = keepInvalid;
    this.factorSize = factorSize;
    this.numFields = numFields;
    this.fitLinear = fitLinear;
    this.entries = entries;
    this.indices = indices;
    this.fieldStart = fieldStart;
    this.tokens = tokens;
  }

  /** For rows that are already indexed (libsvm, libffm). */
  public static ServingModel indexed(LinearModel model) {
    return indexed(new Trained(model));
  }

  /** For rows that are already indexed (libsvm; libffm, whose fields an FFM reads). */
  public static ServingModel indexed(FactorizationModel model) {
    return indexed(new Trained(model));
  }

  /**
   * For raw rows featurized by hashing into 2^numBits.
   *
   * @param keepInvalid whether an invalid raw token is its own category (the featurizer's
   *     handleInvalid = keep) rather than an error
   */
  public static ServingModel hashed(FieldLayout layout, int numBits, LinearModel model, boolean keepInvalid) {
    return hashed(layout, numBits, new Trained(model), keepInvalid);
  }

  /**
   * For raw rows featurized by hashing into 2^numBits; an FFM takes each entry's field from the layout.
   *
   * @param keepInvalid whether an invalid raw token is its own category (the featurizer's
   *     handleInvalid = keep) rather than an error
   */
  public static ServingModel hashed(FieldLayout layout, int numBits, FactorizationModel model,
      boolean keepInvalid) {
    return hashed(layout, numBits, new Trained(model), keepInvalid);
  }

  /** For raw rows featurized with a per-field vocabulary. */
  public static ServingModel vocabulary(FieldLayout layout, Vocabulary vocabulary, LinearModel model,
      boolean keepInvalid) {
    return vocabulary(layout, vocabulary, new Trained(model), keepInvalid);
  }

  /** For raw rows featurized with a per-field vocabulary; an FFM takes each entry's field from the layout. */
  public static ServingModel vocabulary(FieldLayout layout, Vocabulary vocabulary, FactorizationModel model,
      boolean keepInvalid) {
    return vocabulary(layout, vocabulary, new Trained(model), keepInvalid);
  }

  private static ServingModel indexed(Trained model) {
    return listed(InputKind.INDEXED, null, 0, model, false);
  }

  private static ServingModel hashed(FieldLayout layout, int numBits, Trained model, boolean keepInvalid) {
    if (model.numFeatures() != 1 << numBits) {
      throw new IllegalArgumentException(
          "Dimension mismatch: 2^" + numBits + " hashed features, the model has " + model.numFeatures());
    }
    checkFields(layout, model);
    return listed(InputKind.HASHED, layout, numBits, model, keepInvalid);
  }

  /** Indexed and hashed: every feature with a nonzero parameter, by index. */
  private static ServingModel listed(InputKind kind, FieldLayout layout, int numBits, Trained model,
      boolean keepInvalid) {
    final Entries.Builder entries = new Entries.Builder(model.factorSize());
    int[] indices = new int[16];
    final io.sparkctr.models.FeatureIndex stored = model.featureIndex();
    for (int r = 0; r < stored.size(); r++) {
      final int j = stored.feature(r);
      if (!model.isZero(j)) {
        if (entries.size() == indices.length) {
          indices = Arrays.copyOf(indices, 2 * indices.length);
        }
        indices[entries.size()] = j;
        model.appendTo(j, entries);
      }
    }
    final Entries built = entries.build();
    return new ServingModel(model.type(), kind, model.intercept(), model.numFeatures(), layout, numBits,
        keepInvalid, model.factorSize(), model.numFields(), model.fitLinear(), built,
        Arrays.copyOf(indices, built.size()), null, null);
  }

  private static ServingModel vocabulary(FieldLayout layout, Vocabulary vocabulary, Trained model,
      boolean keepInvalid) {
    if (model.numFeatures() != vocabulary.size()) {
      throw new IllegalArgumentException("Dimension mismatch: the vocabulary has " + vocabulary.size()
          + " features, the model " + model.numFeatures());
    }
    checkFields(layout, model);
    final int numLayoutFields = layout.numFields();
    final Entries.Builder entries = new Entries.Builder(model.factorSize());
    final int[] fieldStart = new int[numLayoutFields + 1];
    final String[][] tokens = new String[numLayoutFields][];
    for (int f = 0; f < numLayoutFields; f++) {
      fieldStart[f] = entries.size();
      final int oov = vocabulary.oovIndex(f);
      model.appendTo(oov, entries);
      final boolean oovIsZero = model.isZero(oov);
      final List<String> kept = new ArrayList<>();
      for (int i = oov + 1; i < vocabulary.offset(f) + vocabulary.fieldSize(f); i++) {
        // A dropped token scores as OOV: exact only when both have all parameters zero.
        if (!oovIsZero || !model.isZero(i)) {
          kept.add(vocabulary.token(i));
        }
      }
      final String[] sorted = kept.toArray(new String[0]);
      Arrays.sort(sorted);
      for (String token : sorted) {
        model.appendTo(vocabulary.index(f, token), entries);
      }
      tokens[f] = sorted;
    }
    fieldStart[numLayoutFields] = entries.size();
    return new ServingModel(model.type(), InputKind.VOCABULARY, model.intercept(), model.numFeatures(), layout, 0,
        keepInvalid, model.factorSize(), model.numFields(), model.fitLinear(), entries.build(), null, fieldStart,
        tokens);
  }

  /** An FFM's fields are the layout's: rows encoded from it carry fields [0, layout.numFields()). */
  private static void checkFields(FieldLayout layout, Trained model) {
    if (model.type() == ModelType.FIELD_AWARE_FM && model.numFields() > layout.numFields()) {
      throw new IllegalArgumentException("A field-aware FM over this featurizer MUST have at most its "
          + layout.numFields() + " fields " + Arrays.toString(layout.fieldNames()) + ", but got "
          + model.numFields() + "; was it trained on another fields column?");
    }
  }

  public ModelType modelType() {
    return type;
  }

  public InputKind inputKind() {
    return kind;
  }

  /** The raw input columns a raw row must list, in order (empty for indexed models). */
  public String[] inputColumns() {
    return layout == null ? new String[0] : layout.inputCols();
  }

  /** Size of the training feature space: indexed rows have indices in {@code [0, numFeatures())}. */
  public int numFeatures() {
    return numFeatures;
  }

  public double intercept() {
    return intercept;
  }

  /** k, the length of an embedding row; 0 for logistic regression. */
  public int factorSize() {
    return factorSize;
  }

  /** F, the fields a field-aware FM's rows may have ({@code [0, F)}); 1 for FM and logistic regression. */
  public int numFields() {
    return numFields;
  }

  /** Whether the model has a linear term (always for logistic regression). */
  public boolean fitLinear() {
    return fitLinear;
  }

  /**
   * Stored linear weights: the nonzero ones (a vocabulary field's OOV weight included), plus, for
   * logistic regression, the zero-weight vocabulary tokens kept for exactness (its layout gives every
   * listed token a weight). For FM and FFM this is the trained model's {@code numNonzeroLinear()}.
   */
  public int numStoredWeights() {
    int count = 0;
    for (int e = 0; e < entries.size(); e++) {
      if (entries.linear[e] != 0.0 || (type == ModelType.LOGISTIC_REGRESSION && !isOovEntry(e))) {
        count++;
      }
    }
    return count;
  }

  /**
   * Stored embedding rows, each with a nonzero entry (OOV features included): the trained model's
   * {@code numNonzeroEmbeddingRows()}; 0 for logistic regression.
   */
  public int numNonzeroEmbeddingRows() {
    return entries.numRows();
  }

  /** Whether entry e is a vocabulary field's OOV feature. */
  boolean isOovEntry(int e) {
    return kind == InputKind.VOCABULARY && Arrays.binarySearch(fieldStart, 0, fieldStart.length - 1, e) >= 0;
  }

  /** A scorer with its own scratch buffers; use one per thread. */
  public Scorer scorer() {
    return new Scorer(this);
  }

  /**
   * Scores rows for one thread: reused buffers, no allocation per row beyond the raw tokens (the
   * buffers grow, geometrically, only for an indexed row longer than any before).
   */
  public static final class Scorer {
    private final ServingModel m;
    private final String[] fieldTokens;
    private final RowEncoder encoder;
    /** A raw row's encoded entries: indices (hashed), values and fields. */
    private final int[] rowIndices;
    private final double[] rowValues;
    private final int[] rowFields;
    /** The row in local coordinates: entry p is local feature p, with the model's parameters of entry[p]. */
    private int capacity;
    private int[] positions;
    private int[] entry;
    private double[] local;
    private FactorLayout localLayout;
    private MarginFunction localMargin;
    private final IntToDoubleFunction localReader = i -> local[i];

    Scorer(ServingModel m) {
      this.m = m;
      final int numLayoutFields = m.layout == null ? 0 : m.layout.numFields();
      this.fieldTokens = new String[numLayoutFields];
      this.encoder = m.kind == InputKind.HASHED ? new RowEncoder(numLayoutFields, null, m.numBits) : null;
      this.rowIndices = new int[numLayoutFields];
      this.rowValues = new double[numLayoutFields];
      this.rowFields = new int[numLayoutFields];
      if (m.kind == InputKind.VOCABULARY) {
        // one entry per field, in field order: vocabulary indices ascend with the field
        Arrays.fill(rowValues, 1.0);
        for (int f = 0; f < numLayoutFields; f++) {
          rowFields[f] = f;
        }
      }
      grow(Math.max(numLayoutFields, 16));
    }

    /** Local buffers for rows of up to {@code rowCapacity} entries. */
    private void grow(int rowCapacity) {
      capacity = rowCapacity;
      positions = new int[rowCapacity];
      for (int p = 0; p < rowCapacity; p++) {
        positions[p] = p;
      }
      entry = new int[rowCapacity];
      localLayout = new FactorLayout(rowCapacity, m.numFields, m.factorSize, m.fitLinear, true);
      localMargin = switch (m.type) {
        case LOGISTIC_REGRESSION -> new LinearMargin(rowCapacity, true);
        case FACTORIZATION_MACHINE -> new FmMargin(localLayout, 0.0, 0L);
        case FIELD_AWARE_FM -> new FfmMargin(localLayout, 0.0, 0L);
      };
      local = new double[localLayout.dimension()];
      local[localLayout.interceptIndex()] = m.intercept;
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
      final int nnz;
      if (m.kind == InputKind.VOCABULARY) {
        nnz = fieldTokens.length;
        for (int f = 0; f < nnz; f++) {
          final int t = Arrays.binarySearch(m.tokens[f], fieldTokens[f]);
          entry[f] = m.fieldStart[f] + (t >= 0 ? 1 + t : 0);
        }
      } else {
        nnz = encoder.encode(fieldTokens, rowIndices, rowValues, rowFields);
        for (int p = 0; p < nnz; p++) {
          entry[p] = Arrays.binarySearch(m.indices, rowIndices[p]);
        }
      }
      return localMargin(rowValues, rowFields, nnz);
    }

    /**
     * Click probability of an indexed row of a logistic regression or an FM (0-based indices).
     *
     * @throws IllegalArgumentException for a field-aware FM, which needs the entries' fields
     */
    public double probability(int[] indices, double[] values, int nnz) {
      return probability(indices, values, null, nnz);
    }

    /**
     * Click probability of an indexed row (0-based indices).
     *
     * @param fields the field of each entry, in {@code [0, numFields())}: required by a field-aware FM,
     *     ignored (may be null) otherwise
     */
    public double probability(int[] indices, double[] values, int[] fields, int nnz) {
      return Numerics.sigmoid(margin(indices, values, fields, nnz));
    }

    /** The margin (log-odds) of an indexed row; see {@link #probability(int[], double[], int[], int)}. */
    public double margin(int[] indices, double[] values, int[] fields, int nnz) {
      if (m.kind != InputKind.INDEXED) {
        throw new IllegalStateException("This model scores raw rows of columns " + Arrays.toString(m.inputColumns()));
      }
      if (m.type == ModelType.FIELD_AWARE_FM && fields == null) {
        throw new IllegalArgumentException("A field-aware FM MUST get the field of every feature, but got none");
      }
      if (nnz > capacity) {
        grow(Math.max(nnz, 2 * capacity));
      }
      for (int p = 0; p < nnz; p++) {
        if (indices[p] < 0 || indices[p] >= m.numFeatures) {
          throw new IllegalArgumentException(
              "Feature index MUST be in [0, " + m.numFeatures + "), but got " + indices[p]);
        }
        entry[p] = Arrays.binarySearch(m.indices, indices[p]);
      }
      return localMargin(values, fields, nnz);
    }

    /**
     * Gathers the parameters of entries {@code entry[0, nnz)} (negative: nothing stored, all zero) into
     * the local layout and runs the model's margin function on local features 0 .. nnz - 1.
     */
    private double localMargin(double[] values, int[] fields, int nnz) {
      final Entries stored = m.entries;
      final double[] w = local;
      final int k = m.factorSize;
      final int rowBlock = m.numFields * k;
      for (int p = 0; p < nnz; p++) {
        final int e = entry[p];
        if (m.fitLinear) {
          w[p] = e < 0 ? 0.0 : stored.linear[e];
        }
        if (k > 0) {
          final int base = localLayout.factor(p, 0);
          Arrays.fill(w, base, base + rowBlock, 0.0);
          if (e >= 0) {
            for (int r = stored.rowStart[e]; r < stored.rowStart[e + 1]; r++) {
              System.arraycopy(stored.factors, r * k, w, base + stored.rowFields[r] * k, k);
            }
          }
        }
      }
      return localMargin.margin(localReader, positions, values, fields, 0, nnz);
    }
  }

  /**
   * The stored features in one flat form: entry e has linear weight {@code linear[e]} (0 when none is
   * stored) and embedding rows {@code [rowStart[e], rowStart[e + 1])}; row r belongs to field
   * {@code rowFields[r]} (ascending within an entry; 0 for FM) and has its k factors at
   * {@code factors[r * k, (r + 1) * k)}.
   */
  static final class Entries {
    final double[] linear;
    final int[] rowStart;
    final int[] rowFields;
    final double[] factors;

    private Entries(double[] linear, int[] rowStart, int[] rowFields, double[] factors) {
      this.linear = linear;
      this.rowStart = rowStart;
      this.rowFields = rowFields;
      this.factors = factors;
    }

    int size() {
      return linear.length;
    }

    int numRows() {
      return rowFields.length;
    }

    /** Appends entries and their rows, growing geometrically; for the factories and the file reader. */
    static final class Builder {
      private final int k;
      private int size;
      private int rows;
      private double[] linear = new double[16];
      private int[] rowStart = new int[17];
      private int[] rowFields = new int[16];
      /** The factors of rows [0, rows); {@link #addRow} returns where the new row's k values go. */
      double[] factors;

      Builder(int k) {
        this.k = k;
        this.factors = new double[16 * k];
      }

      int size() {
        return size;
      }

      /** Starts the next entry; its rows follow through {@link #addRow}. */
      void addEntry(double linearWeight) {
        if (size == linear.length) {
          linear = Arrays.copyOf(linear, 2 * size);
          rowStart = Arrays.copyOf(rowStart, 2 * size + 1);
        }
        linear[size] = linearWeight;
        size++;
        rowStart[size] = rows;
      }

      /** Adds a row of field {@code field} to the last entry; returns the offset of its k factors. */
      int addRow(int field) {
        assert size > 0;
        if (rows == rowFields.length) {
          rowFields = Arrays.copyOf(rowFields, 2 * rows);
          factors = Arrays.copyOf(factors, 2 * rows * k);
        }
        rowFields[rows] = field;
        rows++;
        rowStart[size] = rows;
        return (rows - 1) * k;
      }

      Entries build() {
        return new Entries(Arrays.copyOf(linear, size), Arrays.copyOf(rowStart, size + 1),
            Arrays.copyOf(rowFields, rows), Arrays.copyOf(factors, rows * k));
      }
    }
  }

  /** A trained model's parameters, feature by feature: what the factories export. */
  private static final class Trained {
    private final LinearModel linearModel;
    private final FactorizationModel factorization;

    Trained(LinearModel model) {
      this.linearModel = model;
      this.factorization = null;
    }

    Trained(FactorizationModel model) {
      this.linearModel = null;
      this.factorization = model;
    }

    ModelType type() {
      return linearModel != null ? ModelType.LOGISTIC_REGRESSION
          : factorization.fieldAware() ? ModelType.FIELD_AWARE_FM : ModelType.FACTORIZATION_MACHINE;
    }

    int numFeatures() {
      return linearModel != null ? linearModel.numFeatures() : factorization.numFeatures();
    }

    double intercept() {
      return linearModel != null ? linearModel.intercept() : factorization.intercept();
    }

    int factorSize() {
      return linearModel != null ? 0 : factorization.layout().factorSize();
    }

    int numFields() {
      return linearModel != null ? 1 : factorization.layout().numFields();
    }

    boolean fitLinear() {
      return linearModel != null || factorization.layout().fitLinear();
    }

    double linear(int j) {
      return linearModel != null ? linearModel.weight(j) : factorization.linearWeight(j);
    }

    /** The features the model has rows for, ascending: every other feature is all zero. */
    io.sparkctr.models.FeatureIndex featureIndex() {
      return linearModel != null ? linearModel.featureIndex() : factorization.featureIndex();
    }

    /** Whether every parameter of feature j (linear weight, embedding rows) is zero. */
    boolean isZero(int j) {
      if (linear(j) != 0.0) {
        return false;
      }
      if (factorization != null) {
        final int row = factorization.featureIndex().row(j);
        for (int f = 0; row >= 0 && f < factorization.layout().numFields(); f++) {
          if (factorization.rowIsNonzero(row, f)) {
            return false;
          }
        }
      }
      return true;
    }

    /** Appends feature j as the next entry: its linear weight and its nonzero embedding rows. */
    void appendTo(int j, Entries.Builder out) {
      out.addEntry(linear(j));
      if (factorization == null) {
        return;
      }
      final int row = factorization.featureIndex().row(j);
      if (row < 0) {
        return;
      }
      final FactorLayout layout = factorization.layout();
      final int k = layout.factorSize();
      for (int f = 0; f < layout.numFields(); f++) {
        if (factorization.rowIsNonzero(row, f)) {
          final int at = out.addRow(f);
          final int start = layout.factor(row, f);
          for (int c = 0; c < k; c++) {
            out.factors[at + c] = factorization.parameter(start + c);
          }
        }
      }
    }
  }
}
