package io.sparkctr.models.fm;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.MarginFunction;
import java.io.Serializable;
import java.util.function.IntToDoubleFunction;

/**
 * A trained FM or field-aware FM: its {@link FactorLayout} and flat parameters. Scoring is the
 * {@link FmMargin} / {@link FfmMargin} margin over the parameters; knows nothing about optimizers or
 * Spark. {@link FactorizationModelCodec} stores only nonzero linear weights and nonzero embedding rows.
 */
public final class FactorizationModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FactorLayout layout;
  private final boolean fieldAware;
  private final double[] parameters;
  private final MarginFunction margin;
  private final IntToDoubleFunction reader;

  /**
   * @param fieldAware FFM (rows need fields) rather than FM (layout must have one field)
   * @param parameters the flat parameters in {@code layout}'s order (kept, not copied)
   */
  public FactorizationModel(FactorLayout layout, boolean fieldAware, double[] parameters) {
    if (parameters.length != layout.dimension()) {
      throw new IllegalArgumentException("Dimension mismatch: " + parameters.length + " parameters for a layout of "
          + layout.dimension());
    }
    this.layout = layout;
    this.fieldAware = fieldAware;
    this.parameters = parameters;
    this.margin = fieldAware ? new FfmMargin(layout, 0.0, 0L) : new FmMargin(layout, 0.0, 0L);
    this.reader = new ArrayReader(parameters);
  }

  /** Reads an array; a named serializable class so the model stays serializable (Spark broadcasts it). */
  private record ArrayReader(double[] values) implements IntToDoubleFunction, Serializable {
    @Override
    public double applyAsDouble(int i) {
      return values[i];
    }
  }

  public FactorLayout layout() {
    return layout;
  }

  public boolean fieldAware() {
    return fieldAware;
  }

  public int numFeatures() {
    return layout.numFeatures();
  }

  /** Parameter i in the layout's order. */
  public double parameter(int i) {
    return parameters[i];
  }

  public double intercept() {
    return layout.fitIntercept() ? parameters[layout.interceptIndex()] : 0.0;
  }

  /** Linear weight of feature j (0 without a linear term). */
  public double linearWeight(int j) {
    return layout.fitLinear() ? parameters[j] : 0.0;
  }

  /** Whether embedding row (j, field) has a nonzero entry. */
  public boolean rowIsNonzero(int j, int field) {
    final int start = layout.factor(j, field);
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
   * The margin of one row. Indices at or beyond {@link #numFeatures()} are rejected: a row from a wider
   * feature space than the model was trained on is a caller error, not a zero weight.
   *
   * @param fields the entries' fields (FFM), or null (FM)
   */
  public double margin(int[] indices, double[] values, int[] fields, int from, int to) {
    for (int p = from; p < to; p++) {
      if (indices[p] < 0 || indices[p] >= layout.numFeatures()) {
        throw new IllegalArgumentException("Dimension mismatch: model has " + layout.numFeatures()
            + " features, row has index " + indices[p]);
      }
    }
    if (fieldAware && fields == null) {
      throw new IllegalArgumentException("A field-aware FM MUST get the field of every feature, but got none");
    }
    return margin.margin(reader, indices, values, fields, from, to);
  }

  public double probability(int[] indices, double[] values, int[] fields, int from, int to) {
    return Numerics.sigmoid(margin(indices, values, fields, from, to));
  }
}
