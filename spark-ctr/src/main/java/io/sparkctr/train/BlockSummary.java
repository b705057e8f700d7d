package io.sparkctr.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What training needs to know about its rows before the first step, gathered in one pass over the
 * blocks and merged across partitions: the distinct features seen (the model gets a row for each, and
 * for no other), the fields, the declared feature-space size and the weighted label counts (the base
 * rate the intercept starts at).
 */
public final class BlockSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] features;
  private final int numFields;
  private final int dimension;
  private final long rows;
  private final double weightSum;
  private final double positiveWeightSum;

  private BlockSummary(int[] features, int numFields, int dimension, long rows, double weightSum,
      double positiveWeightSum) {
    this.features = features;
    this.numFields = numFields;
    this.dimension = dimension;
    this.rows = rows;
    this.weightSum = weightSum;
    this.positiveWeightSum = positiveWeightSum;
  }

  /** The summary of no rows, the identity of {@link #merge}. */
  public static BlockSummary empty() {
    return new BlockSummary(new int[0], 0, 0, 0L, 0.0, 0.0);
  }

  /** The summary of one block. */
  public static BlockSummary of(CsrBlock block) {
    final double[] sums = block.weightSums();
    return new BlockSummary(block.distinctIndices(), block.numFields(), block.dimension(), block.numRows(), sums[0],
        sums[1]);
  }

  /** The summary of the rows of both. */
  public static BlockSummary merge(BlockSummary a, BlockSummary b) {
    return new BlockSummary(union(a.features, b.features), Math.max(a.numFields, b.numFields),
        Math.max(a.dimension, b.dimension), a.rows + b.rows, a.weightSum + b.weightSum,
        a.positiveWeightSum + b.positiveWeightSum);
  }

  private static int[] union(int[] a, int[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    final int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      final int next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      if (i < a.length && a[i] == next) {
        i++;
      }
      if (j < b.length && b[j] == next) {
        j++;
      }
      out[n++] = next;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** The distinct features of the rows, ascending (the live array). */
  public int[] features() {
    return features;
  }

  /** One more than the largest field (0 when rows carry no fields). */
  public int numFields() {
    return numFields;
  }

  /** The largest declared feature-space size of the rows. */
  public int dimension() {
    return dimension;
  }

  public long rows() {
    return rows;
  }

  public double weightSum() {
    return weightSum;
  }

  /**
   * The log-odds of the weighted share of positive rows, clipped to that of [1e-6, 1 - 1e-6]: the
   * intercept of the best constant model, where training starts it (0 without rows or weight).
   */
  public double baseRateLogOdds() {
    if (!(weightSum > 0)) {
      return 0.0;
    }
    final double p = Math.min(1 - 1e-6, Math.max(1e-6, positiveWeightSum / weightSum));
    return Math.log(p / (1 - p));
  }
}
