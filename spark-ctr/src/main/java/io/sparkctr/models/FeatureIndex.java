package io.sparkctr.models;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The features a model has parameter rows for: the distinct feature indices seen in its training rows,
 * ascending, row {@code r} being feature {@link #feature(int) feature(r)}. A model over a hashed space of
 * 2^20 or 2^24 indices (or a libsvm file whose indices run to millions) stores and updates rows only for
 * the features it saw, so its memory, its export and its nonzero counts follow the data, not the space.
 * At scoring time a feature without a row ({@link #row} = -1) has zero weight and an empty embedding:
 * it adds nothing to the margin, as an unseen category adds nothing to a one-hot model.
 *
 * <p>Lookups go through an open-addressing table of the features (linear probing, load at most 1/2), so
 * mapping a row's indices costs O(nnz) expected; an index whose features are exactly {@code [0, n)} maps
 * by identity without a table. Immutable; Java serialization carries only the sorted features and the
 * table is rebuilt on read.
 */
public final class FeatureIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Multiplier of the table's hash (the golden-ratio constant of Fibonacci hashing). */
  private static final int HASH_MULTIPLIER = 0x9E3779B9;

  private final int numFeatures;
  private final int[] features;
  /** Open-addressing keys (feature + 1; 0 is empty) and their rows; null for the identity. */
  private transient int[] keys;
  private transient int[] rows;
  private transient int shift;

  private FeatureIndex(int numFeatures, int[] features) {
    this.numFeatures = numFeatures;
    this.features = features;
    buildTable();
  }

  /**
   * @param numFeatures the size of the declared feature space (a vector column's size); every feature
   *     is below it
   * @param features the distinct features seen, ascending (kept, not copied)
   */
  public static FeatureIndex of(int numFeatures, int[] features) {
    int previous = -1;
    for (int f : features) {
      if (f <= previous || f >= numFeatures) {
        throw new IllegalArgumentException("Features MUST be distinct, ascending and in [0, " + numFeatures
            + "), but got " + f + " after " + previous);
      }
      previous = f;
    }
    return new FeatureIndex(numFeatures, features);
  }

  /** Every feature of {@code [0, numFeatures)} has a row, row j being feature j (dense inputs, old models). */
  public static FeatureIndex identity(int numFeatures) {
    final int[] all = new int[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      all[j] = j;
    }
    return new FeatureIndex(numFeatures, all);
  }

  private void buildTable() {
    if (isIdentity()) {
      keys = null;
      rows = null;
      return;
    }
    int capacity = Integer.highestOneBit(Math.max(2, features.length) * 2 - 1) << 1;
    keys = new int[capacity];
    rows = new int[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    final int mask = capacity - 1;
    for (int r = 0; r < features.length; r++) {
      int slot = (features[r] * HASH_MULTIPLIER) >>> shift;
      while (keys[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = features[r] + 1;
      rows[slot] = r;
    }
  }

  private boolean isIdentity() {
    return features.length == 0 || features[features.length - 1] == features.length - 1;
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    buildTable();
  }

  /** The model row of {@code feature}, or -1 when the model has none (the feature was not seen in training). */
  public int row(int feature) {
    if (keys == null) {
      return feature >= 0 && feature < features.length ? feature : -1;
    }
    final int key = feature + 1;
    final int mask = keys.length - 1;
    int slot = (feature * HASH_MULTIPLIER) >>> shift;
    while (true) {
      final int k = keys[slot];
      if (k == key) {
        return rows[slot];
      }
      if (k == 0) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The feature of model row {@code row}. */
  public int feature(int row) {
    return features[row];
  }

  /** The number of model rows (features seen). */
  public int size() {
    return features.length;
  }

  /** The size of the declared feature space the features come from. */
  public int numFeatures() {
    return numFeatures;
  }

  /** A copy of the features, ascending. */
  public int[] features() {
    return features.clone();
  }

  /**
   * Maps the entries {@code indices/values/fields[from, to)} to model rows, in order, writing those that
   * have a row to {@code outIndices/outValues/outFields[at, at + kept)} (fields only when both arrays are
   * given).
   *
   * @return kept, the number of entries written; the other {@code to - from - kept} had no row
   */
  public int mapRow(int[] indices, double[] values, int[] fields, int from, int to, int[] outIndices,
      double[] outValues, int[] outFields, int at) {
    int k = at;
    for (int p = from; p < to; p++) {
      final int r = row(indices[p]);
      if (r >= 0) {
        outIndices[k] = r;
        outValues[k] = values[p];
        if (fields != null && outFields != null) {
          outFields[k] = fields[p];
        }
        k++;
      }
    }
    return k - at;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureIndex other && other.numFeatures == numFeatures
        && Arrays.equals(other.features, features);
  }

  @Override
  public int hashCode() {
    return 31 * numFeatures + Arrays.hashCode(features);
  }

  @Override
  public String toString() {
    return "FeatureIndex(" + features.length + " of " + numFeatures + " features)";
  }
}
