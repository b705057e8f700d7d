package io.sparkctr.optim;

/**
 * The SGD family's merge on parameter rows (algorithms.md section 10, pattern 3), the row form of
 * {@link AveragingMerge}: each touched row's weights become the mean of the weights of the partitions that
 * touched it (the others only applied penalties, which the merged state applies lazily anyway), then the
 * optimizer's proximal or truncation part is applied once more with a zero gradient
 * ({@link MergeWeights#mergeWeights}, as {@link WeightAveraging#mergeWeight}) so exact zeros survive. The
 * global clock advances by the steps all partitions ran, as in a serial run, so schedules and the K-periodic
 * truncation keep their serial clock.
 *
 * <p>Per touched row a pass ships {@code 1 + width} values: 1 (the partition touched it) and its weights,
 * brought current to the pass's last step. One implementation for the five optimizers (SGD, L1-SGD,
 * truncation, truncated gradient, FOBOS): what differs is {@link MergeWeights}.
 *
 * @param <O> the optimizer
 */
public final class RowAveraging<O extends RowOptimizer<O> & RowAveraging.MergeWeights> implements RowMerge<O> {
  private static final long serialVersionUID = 1L;

  /** What the merge needs of a row optimizer beyond {@link RowOptimizer}: the row form of WeightAveraging. */
  public interface MergeWeights {
    /**
     * Sets the weights of the row at {@code off} to {@code weights[from, from + width)} as of the current
     * step, then applies the step's proximal, truncation or decay part once, as a step with a zero gradient
     * would, and marks the row current as of the end of the step. Computes in double and rounds once. The
     * row must have been {@link RowOptimizer#read} this step.
     */
    void mergeWeights(RowStore store, int off, int width, boolean penalized, double[] weights, int from);
  }

  @Override
  public int valuesPerRow(int width) {
    return 1 + width; // partitions that touched the row, the sum of their weights
  }

  /**
   * The pass's weights of its touched rows, brought current to its last step first (a {@link RowOptimizer#read}
   * of the view, which is the pass's own; the owner is not written).
   */
  @Override
  public RowDelta increments(O pass, RowStore view, int width, boolean penalized) {
    final RowStore.Touched touched = view.touched();
    final int[] rows = touched.rows();
    final int[] offsets = touched.offsets();
    pass.read(view, offsets, rows.length, width, penalized);
    final int v = valuesPerRow(width);
    final float[] out = new float[rows.length * v];
    final float[] a = view.data();
    for (int k = 0; k < rows.length; k++) {
      final int at = k * v;
      out[at] = 1f;
      System.arraycopy(a, offsets[k], out, at + 1, width);
    }
    return new RowDelta(rows, out, v);
  }

  @Override
  public void apply(O state, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed, long steps) {
    if (steps == 0) {
      return;
    }
    for (long step = 1; step < steps; step++) {
      state.endStep(); // O(1) each: untouched rows catch these steps up lazily
    }
    final int[] one = new int[1];
    for (int t = 0; t < owners.length; t++) {
      final RowStore owner = owners[t];
      final int width = widths[t];
      final int[] rows = summed[t].rows();
      final double[] vals = summed[t].values();
      final int v = summed[t].valuesPerRow();
      final double[] mean = new double[width];
      for (int k = 0; k < rows.length; k++) {
        final int off = owner.ownerOffset(rows[k]);
        final int at = k * v;
        one[0] = off;
        state.read(owner, one, 1, width, penalized[t]);
        for (int c = 0; c < width; c++) {
          mean[c] = vals[at + 1 + c] / vals[at];
        }
        state.mergeWeights(owner, off, width, penalized[t], mean, 0);
      }
    }
    state.endStep();
  }
}
