package io.sparkctr.train;

import java.io.Serializable;

/**
 * A block of sparse rows in compressed-sparse-row form: row r's features are
 * {@code indices/values[rowStart[r], rowStart[r + 1])}, its label (0 or 1) {@code labels[r]} and its
 * weight {@code weights[r]}; for field-aware models, entry p's field is {@code fields[p]} (null when
 * the rows carry no fields). One block holds one Spark partition's training rows.
 */
public final class CsrBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final int numRows;
  final int dimension;
  final int[] rowStart;
  final int[] indices;
  final double[] values;
  final double[] labels;
  final double[] weights;
  final int[] fields;
  /** Per row, whether the input marked it as validation data (a validation indicator column); null: none marked. */
  final boolean[] validation;

  CsrBlock(int numRows, int dimension, int[] rowStart, int[] indices, double[] values, double[] labels, double[] weights,
      int[] fields, boolean[] validation) {
    this.numRows = numRows;
    this.dimension = dimension;
    this.rowStart = rowStart;
    this.indices = indices;
    this.values = values;
    this.labels = labels;
    this.weights = weights;
    this.fields = fields;
    this.validation = validation;
  }

  /** The most entries a row has (at least 1): the size of a pass's per-example buffers. */
  public int maxRowNonzeros() {
    int max = 1;
    for (int r = 0; r < numRows; r++) {
      max = Math.max(max, rowStart[r + 1] - rowStart[r]);
    }
    return max;
  }

  /** Whether every value is 1 (one-hot rows), computed once: kernels then skip the value loads. */
  private transient byte binary;

  /** Whether every stored value is exactly 1.0 (the featurizers' one-hot rows). */
  public boolean binary() {
    if (binary == 0) {
      boolean ones = true;
      final int count = rowStart[numRows];
      for (int p = 0; p < count && ones; p++) {
        ones = values[p] == 1.0;
      }
      binary = (byte) (ones ? 1 : 2);
    }
    return binary == 1;
  }

  /** Whether the input marked row r as validation data (false when it marked none). */
  public boolean markedValidation(int r) {
    return validation != null && validation[r];
  }

  /**
   * The rows of this block split in two, each part in this block's row order: {@code [0]} the rows with
   * {@code second[r]} false, {@code [1]} those with it true. The parts carry no validation marks.
   */
  public CsrBlock[] split(boolean[] second) {
    if (second.length != numRows) {
      throw new IllegalArgumentException("Dimension mismatch: " + second.length + " flags for " + numRows + " rows");
    }
    final CsrBlock[] parts = new CsrBlock[2];
    for (int part = 0; part < 2; part++) {
      final boolean wanted = part == 1;
      int rows = 0;
      int nnz = 0;
      for (int r = 0; r < numRows; r++) {
        if (second[r] == wanted) {
          rows++;
          nnz += rowStart[r + 1] - rowStart[r];
        }
      }
      final int[] start = new int[rows + 1];
      final int[] idx = new int[nnz];
      final double[] val = new double[nnz];
      final int[] fld = fields == null ? null : new int[nnz];
      final double[] lab = new double[rows];
      final double[] wei = new double[rows];
      int k = 0;
      for (int r = 0; r < numRows; r++) {
        if (second[r] != wanted) {
          continue;
        }
        final int from = rowStart[r];
        final int len = rowStart[r + 1] - from;
        final int at = start[k];
        System.arraycopy(indices, from, idx, at, len);
        System.arraycopy(values, from, val, at, len);
        if (fld != null) {
          System.arraycopy(fields, from, fld, at, len);
        }
        lab[k] = labels[r];
        wei[k] = weights[r];
        start[++k] = at + len;
      }
      parts[part] = new CsrBlock(rows, dimension, start, idx, val, lab, wei, fld, null);
    }
    return parts;
  }

  /**
   * The block's rows renumbered into its own dictionary: {@code features} are its distinct feature indices,
   * ascending, and {@code indices[p]} is entry p's position in them. A pass over copy-on-touch views finds a
   * row by that position ({@link io.sparkctr.optim.RowStore#view(int[], int)}), one array load where a hash
   * probe was. Computed once per block (O(nonzeros) with a hash, then a sort of the distinct features) and
   * kept while the block stays in memory, so every round and epoch reuses it.
   */
  public record LocalFeatures(int[] features, int[] indices) {}

  private transient volatile LocalFeatures local;

  /** The block's {@link LocalFeatures}, computed on the first call. */
  public LocalFeatures localFeatures() {
    LocalFeatures l = local;
    if (l == null) {
      l = renumber();
      local = l;
    }
    return l;
  }

  private LocalFeatures renumber() {
    final int nnz = rowStart[numRows];
    // Open addressing from feature + 1 to its first-seen number, then the first-seen numbers mapped to ranks.
    int capacity = 16;
    while (capacity < 2L * Math.min(nnz, dimension > 0 ? dimension : nnz) + 2) {
      capacity <<= 1;
    }
    final int[] keys = new int[capacity];
    final int[] seenAs = new int[capacity];
    final int mask = capacity - 1;
    final int[] firstSeen = new int[nnz];
    int[] distinct = new int[16];
    int n = 0;
    for (int p = 0; p < nnz; p++) {
      final int f = indices[p];
      int h = (f * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(capacity));
      while (keys[h] != 0 && keys[h] != f + 1) {
        h = (h + 1) & mask;
      }
      if (keys[h] == 0) {
        keys[h] = f + 1;
        seenAs[h] = n;
        if (n == distinct.length) {
          distinct = java.util.Arrays.copyOf(distinct, 2 * n);
        }
        distinct[n++] = f;
      }
      firstSeen[p] = seenAs[h];
    }
    final long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      keyed[i] = ((long) distinct[i] << 32) | i;
    }
    java.util.Arrays.sort(keyed);
    final int[] features = new int[n];
    final int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      features[r] = (int) (keyed[r] >>> 32);
      rank[(int) keyed[r]] = r;
    }
    for (int p = 0; p < nnz; p++) {
      firstSeen[p] = rank[firstSeen[p]];
    }
    return new LocalFeatures(features, firstSeen);
  }

  /** The distinct feature indices of the block's rows, ascending. */
  public int[] distinctIndices() {
    final int[] all = java.util.Arrays.copyOf(indices, rowStart[numRows]);
    java.util.Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || all[i] != all[n - 1]) {
        all[n++] = all[i];
      }
    }
    return java.util.Arrays.copyOf(all, n);
  }

  /**
   * This block with each feature index replaced by its model row in {@code index}; entries whose feature
   * has no row are dropped (their count is {@link #numNonzeros()} of this block minus that of the result).
   * Rows, labels, weights and the order are kept.
   */
  public CsrBlock remap(io.sparkctr.models.FeatureIndex index) {
    final int total = rowStart[numRows];
    final int[] start = new int[numRows + 1];
    final int[] idx = new int[total];
    final double[] val = new double[total];
    final int[] fld = fields == null ? null : new int[total];
    for (int r = 0; r < numRows; r++) {
      final int at = start[r];
      final int kept = index.mapRow(indices, values, fields, rowStart[r], rowStart[r + 1], idx, val, fld, at);
      start[r + 1] = at + kept;
    }
    final int nnz = start[numRows];
    return new CsrBlock(numRows, index.size(), start, java.util.Arrays.copyOf(idx, nnz),
        java.util.Arrays.copyOf(val, nnz), labels, weights, fld == null ? null : java.util.Arrays.copyOf(fld, nnz),
        validation);
  }

  /** Sum of the rows' weights, and (in {@code [1]}) of the weights of the rows labelled 1. */
  public double[] weightSums() {
    double all = 0.0;
    double positive = 0.0;
    for (int r = 0; r < numRows; r++) {
      all += weights[r];
      positive += weights[r] * labels[r];
    }
    return new double[] {all, positive};
  }

  /** Whether each entry carries a field. */
  public boolean hasFields() {
    return fields != null;
  }

  /**
   * Rejects this block for a model of {@code numFeatures} features when its rows reach beyond them, or when the
   * model is field-aware ({@code needsFields}) and the rows carry no fields: the check every pass makes first.
   */
  public void checkFits(int numFeatures, boolean needsFields) {
    if (dimension() > numFeatures) {
      throw new IllegalArgumentException("Dimension mismatch: model has " + numFeatures + " features, rows have "
          + dimension());
    }
    if (needsFields && !hasFields() && numRows > 0) {
      throw new IllegalArgumentException("A field-aware model MUST get the field of every feature, but the rows"
          + " carry none: give a fields column (CtrFeaturizer's fieldsCol, or libffm input)");
    }
  }

  /**
   * Per feature of {@code [0, numFeatures)}: the number of this block's rows that have it, and (in
   * {@code out[1]}) its field + 1, or 0 when unseen (the frequency job's N(field, feature) in index form).
   */
  public double[][] featureCounts(int numFeatures) {
    final double[] counts = new double[numFeatures];
    final double[] fieldPlusOne = new double[numFeatures];
    for (int r = 0; r < numRows; r++) {
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
        counts[indices[p]] += 1.0;
        fieldPlusOne[indices[p]] = fields == null ? 1.0 : fields[p] + 1.0;
      }
    }
    return new double[][] {counts, fieldPlusOne};
  }

  /** One more than the largest field index (0 without fields or rows). */
  public int numFields() {
    int max = -1;
    if (fields != null) {
      for (int f : fields) {
        max = Math.max(max, f);
      }
    }
    return max + 1;
  }

  public int numRows() {
    return numRows;
  }

  public long numNonzeros() {
    return rowStart[numRows];
  }

  /** The largest declared feature-space size among the block's rows (0 for an empty block). */
  public int dimension() {
    return dimension;
  }
}
