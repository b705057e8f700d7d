package io.sparkctr.models.deepfm;

import java.util.Arrays;

/**
 * The gradient of a batch's loss with respect to the sparse parameters of the features the batch
 * touched: {@link #size()} distinct feature ids, each with its (1 + k) gradient laid out like its
 * sparse row ([d/dw_j | d/dv_j]). Entry s is feature {@link #feature}(s), its gradient at
 * {@code values()[s (1 + k) .. s (1 + k) + k]}. Features are listed in the order the batch first
 * touches them (batch order, then entry order within a row); a feature occurring several times in
 * the batch is listed once, with its contributions summed.
 *
 * <p>Scratch: {@link DeepFmKernel} overwrites it on every call, and its arrays grow geometrically,
 * so after the first batches the hot path allocates nothing. The arrays are exposed for speed; only
 * entries below {@link #size()} are meaningful.
 */
public final class DeepFmSparseGradient {
  private final int rowSize;
  private int size;
  private int[] features;
  private double[] values;

  /**
   * @param layout the model's layout (fixes the row size 1 + k)
   * @param initialCapacity rows to make room for up front (e.g. the largest batch's non-zeros)
   */
  public DeepFmSparseGradient(DeepFmLayout layout, int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity MUST be >= 1, but got " + initialCapacity);
    }
    this.rowSize = layout.sparseRowSize();
    this.features = new int[initialCapacity];
    this.values = new double[initialCapacity * rowSize];
  }

  /** Distinct touched features. */
  public int size() {
    return size;
  }

  /** 1 + k, the doubles per touched feature. */
  public int rowSize() {
    return rowSize;
  }

  /** The feature id of entry s &lt; size(). */
  public int feature(int s) {
    return features[s];
  }

  /** The offset of entry s's gradient in {@link #values()}. */
  public int valueOffset(int s) {
    return s * rowSize;
  }

  /** The feature ids; entries [0, size()) are valid. The array may be replaced when it grows. */
  public int[] features() {
    return features;
  }

  /** The gradients, entry s at [s (1 + k), (s + 1)(1 + k)); the array may be replaced when it grows. */
  public double[] values() {
    return values;
  }

  /** A copy of the touched feature ids, in listing order (tests and diagnostics). */
  public int[] featureList() {
    return Arrays.copyOf(features, size);
  }

  /** Empties the list. */
  void clear() {
    size = 0;
  }

  /** Appends feature j with a zero gradient and returns its entry. */
  int append(int j) {
    if (size == features.length) {
      final int capacity = 2 * features.length;
      features = Arrays.copyOf(features, capacity);
      values = Arrays.copyOf(values, capacity * rowSize);
    }
    final int s = size++;
    features[s] = j;
    Arrays.fill(values, s * rowSize, (s + 1) * rowSize, 0.0);
    return s;
  }
}
