package io.sparkctr.optim.sgd;

import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;

/**
 * Diagonal AdaGrad over parameter rows (Duchi, Hazan and Singer, JMLR 2011; the "beta" form of McMahan et al.
 * 2013, as {@link AdaGradOptimizer}): per parameter {@code n += g^2; w -= eta / (beta + sqrt(n)) g}, n starting
 * at {@code initialAccumulator}; a zero gradient changes nothing. No penalty, so no clock and no catch-up.
 *
 * <p>Row of width W: {@code [w_0..w_{W-1} | n_0..n_{W-1}]}, 8 bytes per parameter (libffm's and xLearn's
 * layout). The step computes in float: the state is float, and the conversions of a mixed loop cost more
 * than they save (see {@link io.sparkctr.optim.ftrl.FtrlRows}).
 */
public final class AdaGradRows implements RowOptimizer<AdaGradRows> {
  private static final long serialVersionUID = 1L;

  private final AdaGradHyperParams hyper;

  public AdaGradRows(AdaGradHyperParams hyper) {
    this.hyper = hyper;
  }

  public AdaGradHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public int stride(int width) {
    return 2 * width;
  }

  @Override
  public boolean clocked() {
    return false;
  }

  @Override
  public void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    final float n0 = (float) hyper.initialAccumulator();
    for (int c = 0; c < width; c++) {
      d[off + c] = w0 == null ? 0f : (float) w0[from + c];
      d[off + width + c] = n0;
    }
  }

  @Override
  public void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    // Nothing to catch up.
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final float eta = (float) hyper.eta();
    final float beta = (float) hyper.beta();
    final float fmult = (float) multiplier;
    for (int k = 0, p = 0; k < count; k++) {
      final int off = offsets[k];
      for (int c = 0; c < width; c++, p++) {
        final float g = fmult * (float) derivatives[p];
        if (g == 0f) {
          continue;
        }
        final int w = off + c;
        final float n = d[w + width] + g * g;
        d[w + width] = n;
        d[w] -= eta / (beta + (float) Math.sqrt(n)) * g;
      }
    }
    return 0.0;
  }

  @Override
  public void endStep() {}

  @Override
  public long steps() {
    return 0;
  }

  @Override
  public AdaGradRows copy() {
    return this; // hyperparameters only
  }

  @Override
  public RowMerge<AdaGradRows> merge() {
    return new Averaging();
  }

  /**
   * AdaGrad's merge (algorithms.md section 10, pattern 3, as {@link io.sparkctr.optim.AveragingMerge}): a
   * row's weights become the mean of the weights of the partitions that touched it, its accumulators gain
   * the sum of their increments.
   */
  static final class Averaging implements RowMerge<AdaGradRows> {
    private static final long serialVersionUID = 1L;

    @Override
    public int valuesPerRow(int width) {
      return 1 + 2 * width; // partitions that touched, sum of weights, sum of accumulator increments
    }

    @Override
    public RowDelta increments(AdaGradRows pass, RowStore view, int width, boolean penalized) {
      final RowStore.Touched touched = view.touched();
      final int[] rows = touched.rows();
      final int v = valuesPerRow(width);
      final float[] out = new float[rows.length * v];
      final float[] a = view.data();
      final float[] b = view.owner().data();
      for (int k = 0; k < rows.length; k++) {
        final int ao = touched.offsets()[k];
        final int bo = view.owner().ownerOffset(rows[k]);
        final int at = k * v;
        out[at] = 1f;
        for (int c = 0; c < width; c++) {
          out[at + 1 + c] = a[ao + c];
          out[at + 1 + width + c] = a[ao + width + c] - b[bo + width + c];
        }
      }
      return new RowDelta(rows, out, v);
    }

    @Override
    public void apply(AdaGradRows state, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed,
        long steps) {
      for (int t = 0; t < owners.length; t++) {
        final float[] d = owners[t].data();
        final int width = widths[t];
        final int stride = owners[t].stride();
        final int[] rows = summed[t].rows();
        final double[] vals = summed[t].values();
        final int v = summed[t].valuesPerRow();
        for (int k = 0; k < rows.length; k++) {
          final int off = rows[k] * stride;
          final int at = k * v;
          final double count = vals[at];
          for (int c = 0; c < width; c++) {
            d[off + c] = (float) (vals[at + 1 + c] / count);
            d[off + width + c] = (float) (d[off + width + c] + vals[at + 1 + width + c]);
          }
        }
      }
    }
  }
}
