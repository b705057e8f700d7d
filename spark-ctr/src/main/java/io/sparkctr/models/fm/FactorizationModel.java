package io.sparkctr.models.fm;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.MappedRow;
import io.sparkctr.models.MarginFunction;
import java.io.Serializable;
import java.util.function.IntToDoubleFunction;

/**
 * A trained FM or field-aware FM: its {@link FactorLayout} and flat parameters over model rows, one per
 * feature seen in training ({@link FeatureIndex}; the layout's {@code numFeatures} counts rows). Scoring
 * maps a row's features to model rows (a feature without a row has no weight and no factors, so it adds
 * nothing) and runs the {@link FmMargin} / {@link FfmMargin} margin over the parameters; knows nothing
 * about optimizers or Spark. {@link FactorizationModelCodec} stores only nonzero linear weights and
 * nonzero embedding rows.
 */
public final class FactorizationModel implements Serializable {
  private static final long serialVersionUID = 2L;

  private final FeatureIndex index;
  private final FactorLayout layout;
  private final boolean fieldAware;
  private final double[] parameters;
  private final MarginFunction margin;
  private final IntToDoubleFunction reader;

  /**
   * @param index the features with a model row; the layout has one feature per row
   * @param fieldAware FFM (rows need fields) rather than FM (layout must have one field)
   * @param parameters the flat parameters in {@code layout}'s order (kept, not copied)
   */
  public FactorizationModel(FeatureIndex index, FactorLayout layout, boolean fieldAware, double[] parameters) {
    if (parameters.length != layout.dimension()) {
      throw new IllegalArgumentException("Dimension mismatch: " + parameters.length + " parameters for a layout of "
          + layout.dimension());
    }
    if (layout.numFeatures() != index.size()) {
      throw new IllegalArgumentException("Dimension mismatch: a layout of " + layout.numFeatures() + " features for "
          + index.size() + " model rows");
    }
    this.index = index;
    this.layout = layout;
    this.fieldAware = fieldAware;
    this.parameters = parameters;
    this.margin = fieldAware ? new FfmMargin(layout, 0.0, 0L) : new FmMargin(layout, 0.0, 0L);
    this.reader = new ArrayReader(parameters);
  }

  /** A model with a row for every feature of the layout, row j being feature j. */
  public FactorizationModel(FactorLayout layout, boolean fieldAware, double[] parameters) {
    this(FeatureIndex.identity(layout.numFeatures()), layout, fieldAware, parameters);
  }

  /** Reads an array; a named serializable class so the model stays serializable (Spark broadcasts it). */
  private record ArrayReader(double[] values) implements IntToDoubleFunction, Serializable {
    @Override
    public double applyAsDouble(int i) {
      return values[i];
    }
  }

  /** The layout over model rows (its numFeatures is the number of rows). */
  public FactorLayout layout() {
    return layout;
  }

  /** The features with a model row (seen in training). */
  public FeatureIndex featureIndex() {
    return index;
  }

  public boolean fieldAware() {
    return fieldAware;
  }

  /** The size of the feature space the model was trained on (its features are below it). */
  public int numFeatures() {
    return index.numFeatures();
  }

  /** Parameter i in the layout's order. */
  public double parameter(int i) {
    return parameters[i];
  }

  public double intercept() {
    return layout.fitIntercept() ? parameters[layout.interceptIndex()] : 0.0;
  }

  /** Linear weight of feature j (0 without a linear term or a model row). */
  public double linearWeight(int j) {
    final int r = index.row(j);
    return r < 0 ? 0.0 : rowLinearWeight(r);
  }

  /** Linear weight of model row r (0 without a linear term). */
  public double rowLinearWeight(int r) {
    return layout.fitLinear() ? parameters[r] : 0.0;
  }

  /** Whether the embedding of model row r for {@code field} has a nonzero entry. */
  public boolean rowIsNonzero(int r, int field) {
    final int start = layout.factor(r, field);
    for (int c = 0; c < layout.factorSize(); c++) {
      if (parameters[start + c] != 0.0) {
        return true;
      }
    }
    return false;
  }

  /** Nonzero linear weights. */
  public int numNonzeroLinear() {
    int count = 0;
    if (layout.fitLinear()) {
      for (int j = 0; j < layout.numFeatures(); j++) {
        if (parameters[j] != 0.0) {
          count++;
        }
      }
    }
    return count;
  }

  /** Embedding rows (factor vectors) with at least one nonzero entry. */
  public int numNonzeroEmbeddingRows() {
    int count = 0;
    for (int j = 0; j < layout.numFeatures(); j++) {
      for (int f = 0; f < layout.numFields(); f++) {
        if (rowIsNonzero(j, f)) {
          count++;
        }
      }
    }
    return count;
  }

  /** Nonzero penalised parameters (linear weights and factor entries; the intercept is not counted). */
  public long numNonzeros() {
    long count = 0;
    for (int i = 0; i < layout.numRegularized(); i++) {
      if (parameters[i] != 0.0) {
        count++;
      }
    }
    return count;
  }

  /**
   * The margin of one row given in feature indices; features without a model row add nothing. Allocates
   * its scratch: score many rows through {@link #margin(MappedRow, int[], double[], int[], int, int)}.
   *
   * @param fields the entries' fields (FFM), or null (FM)
   */
  public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
    return margin(new MappedRow(), indices, values, fields, from, to);
  }

  /**
   * The margin of one row, mapped to model rows through {@code scratch} (one per thread; afterwards its
   * {@link MappedRow#unseen} counts the row's features without a model row).
   */
  public double margin(MappedRow scratch, int[] indices, double[] values, int[] fields, int from, int to) {
    if (fieldAware && fields == null) {
      throw new IllegalArgumentException("A field-aware FM MUST get the field of every feature, but got none");
    }
    int n = scratch.map(index, indices, values, fieldAware ? fields : null, from, to);
    if (fieldAware) {
      // A field training never saw has no factors to interact with: its entries add nothing, like unseen features.
      int kept = 0;
      for (int p = 0; p < n; p++) {
        final int field = scratch.fields[p];
        if (field >= 0 && field < layout.numFields()) {
          scratch.indices[kept] = scratch.indices[p];
          scratch.values[kept] = scratch.values[p];
          scratch.fields[kept] = field;
          kept++;
        }
      }
      scratch.unseen += n - kept;
      n = kept;
    }
    return margin.margin(reader, scratch.indices, scratch.values, fieldAware ? scratch.fields : null, 0, n);
  }

  public double probability(int[] indices, double[] values, int[] fields, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, fields, from, to));
  }
}
