package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;

/**
 * Sparse group FTRL (tfplus's "Group AdaGrad") over parameter rows: the row form of
 * {@link SparseGroupFtrlOptimizer} (algorithms.md section 7.1), a penalty group per row.
 *
 * <p>References: Y. Yue et al., "Adaptive Optimizers with Sparse Group Lasso for Neural Networks in CTR
 * Prediction", ECML-PKDD 2021 (https://arxiv.org/abs/2107.14432); the kernel followed is Ant Group's tfplus
 * {@code KvVariableSparseGroupSparseApplyFtrl} with {@code lr_power = -0.5} and no {@code l2_shrinkage}.
 * Per parameter, with z = 0 and n = initialAccumulator at the start:
 *
 * <pre>
 *   n_new = n + g^2,   z += g - (sqrt(n_new) - sqrt(n)) / alpha * w,   n = n_new
 * </pre>
 *
 * and the weights of a row of width d, from its (z, n):
 *
 * <pre>
 *   s = -soft(z, l1)
 *   w = 0                                                   if ||s||_2 &lt;= l21 sqrt(d)
 *     = s (1 - l21 sqrt(d) / ||s||_2) / (sqrt(n) / alpha + 2 l2)   otherwise (elementwise)
 * </pre>
 *
 * TensorFlow's conventions, as {@link SparseGroupFtrlOptimizer}: alpha is the learning rate, l2 penalises
 * {@code l2 ||w||^2}, no beta, n starts at {@code initialAccumulator}.
 *
 * <p>Groups are rows: a row of a penalised table is one group of its width d (a width-1 row, e.g. a linear
 * weight, is a singleton, computed as {@code -soft(soft(z, l1), l21) / den} as the double form computes its
 * singletons; a factor row of width k is the double form's embedding row); rows of an unpenalised table (the
 * intercept) get plain TensorFlow FTRL, {@code w = -z / (sqrt(n) / alpha)}, as the double form's coordinates
 * from {@code numRegularized}. So no {@link GroupLayout} is needed.
 *
 * <p>Row of width W: {@code [w_0..w_{W-1} | z_0.. | s_0..]}, s = sqrt(n): 12 bytes per parameter (FTRL's
 * layout, {@code FtrlRows}). A step computes in double from the float state and rounds z and s once each;
 * sigma uses the stored (rounded) s, so the stored z and s stay consistent. The row's weights are recomputed
 * in double at the end of each update that moved the row and stored, so a read is free: as in the double
 * form, every weight is a pure function of its row's (z, n), which only an update changes, so there is no
 * clock and no catch-up; a zero gradient changes nothing. Departures of the double form from tfplus hold here
 * (zero rows keep their state, no key eviction); a step moves whole rows, which is tfplus's unit.
 *
 * <p>Merge ({@link SumMerge}, as {@link SparseGroupFtrlSumMerge}): the partitions' increments of z and n are
 * summed. No global step, and no step-size decay ({@link #withStepSizeScaled} stays null: the step shrinks
 * per parameter).
 */
public final class SparseGroupFtrlRows implements RowOptimizer<SparseGroupFtrlRows> {
  private static final long serialVersionUID = 1L;

  private final SparseGroupFtrlHyperParams hyper;
  private final double alpha;
  private final double l1;
  private final double twoL2;
  private final double l21;

  public SparseGroupFtrlRows(SparseGroupFtrlHyperParams hyper) {
    this.hyper = hyper;
    this.alpha = hyper.alpha();
    this.l1 = hyper.l1();
    this.twoL2 = 2.0 * hyper.l2();
    this.l21 = hyper.l21();
  }

  public SparseGroupFtrlHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "sparseGroupFtrl";
  }

  @Override
  public int stride(int width) {
    return 3 * width;
  }

  @Override
  public boolean clocked() {
    return false;
  }

  /**
   * A row whose weights are {@code w0} (the double form's {@code withWeights}, algorithms.md section 6.4 fix
   * (b) with the group threshold): n = initialAccumulator and, with den = sqrt(n0) / alpha + 2 l2,
   * u = w0 den and L = l21 sqrt(d), {@code s = u (||u|| + L) / ||u||, z = -(s + sgn(s) l1)}, so the closed
   * form gives back w0 (up to rounding); an unpenalised row gets {@code z = -w0 sqrt(n0) / alpha}.
   *
   * @throws IllegalArgumentException if a nonzero weight needs a zero denominator (initialAccumulator = 0
   *     and, for a penalised row, l2 = 0): no z represents it
   */
  @Override
  public void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    final double sqrtN0 = Math.sqrt(hyper.initialAccumulator());
    final double den = sqrtN0 / alpha + (penalized ? twoL2 : 0.0);
    double sumSq = 0.0;
    for (int c = 0; c < width; c++) {
      final double w = w0 == null ? 0.0 : w0[from + c];
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("SparseGroupFtrl initial weights MUST be finite, but got " + w);
      }
      if (w != 0.0 && !(den > 0)) {
        throw new IllegalArgumentException("A SparseGroupFtrl warm start needs a positive denominator sqrt(n0) / alpha"
            + (penalized ? " + 2 l2" : "") + ", but initialAccumulator = " + hyper.initialAccumulator() + ", l2 = "
            + hyper.l2() + " (weight " + w + ")");
      }
      final double u = w * den;
      sumSq += u * u;
      d[off + 2 * width + c] = (float) sqrtN0;
      d[off + width + c] = 0f;
    }
    if (sumSq > 0.0) {
      final double stretch = penalized ? (Math.sqrt(sumSq) + l21 * Math.sqrt(width)) / Math.sqrt(sumSq) : 1.0;
      for (int c = 0; c < width; c++) {
        final double s = w0[from + c] * den * stretch;
        d[off + width + c] = (float) (penalized ? -(s + Math.signum(s) * l1) : -s);
      }
    }
    weights(d, off, width, penalized);
  }

  /** The row's weights from its (z, s), in double: the closed form of the class comment. */
  private void weights(float[] d, int off, int width, boolean penalized) {
    final int zo = off + width;
    final int so = off + 2 * width;
    if (!penalized) {
      for (int c = 0; c < width; c++) {
        final double z = d[zo + c];
        d[off + c] = z == 0.0 ? 0f : (float) (-z / (d[so + c] / alpha));
      }
      return;
    }
    if (width == 1) {
      final double a = OptimizerChecks.soft(OptimizerChecks.soft(d[zo], l1), l21);
      d[off] = a == 0.0 ? 0f : (float) (-a / (d[so] / alpha + twoL2));
      return;
    }
    double sumSq = 0.0;
    for (int c = 0; c < width; c++) {
      final double s = OptimizerChecks.soft(d[zo + c], l1);
      sumSq += s * s;
    }
    final double norm = Math.sqrt(sumSq);
    final double threshold = l21 * Math.sqrt(width);
    final double factor = norm > threshold ? 1.0 - threshold / norm : 0.0;
    for (int c = 0; c < width; c++) {
      final double s = -OptimizerChecks.soft(d[zo + c], l1);
      d[off + c] = factor == 0.0 || s == 0.0 ? 0f : (float) (s * factor / (d[so + c] / alpha + twoL2));
    }
  }

  @Override
  public void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    // The weights are stored and current: nothing to catch up.
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    for (int k = 0, p = 0; k < count; k++, p += width) {
      final int off = offsets[k];
      boolean moved = false;
      for (int c = 0; c < width; c++) {
        final double g = multiplier * derivatives[p + c];
        if (g == 0.0) {
          continue; // n and z unchanged
        }
        final int zo = off + width + c;
        final int so = off + 2 * width + c;
        final double s = d[so];
        final float sNew = (float) Math.sqrt(s * s + g * g);
        d[zo] = (float) (d[zo] + g - (sNew - s) / alpha * d[off + c]);
        d[so] = sNew;
        moved = true;
      }
      if (moved) {
        weights(d, off, width, penalized);
      }
    }
    return 0.0;
  }

  @Override
  public void endStep() {}

  /** No global step: 0. */
  @Override
  public long steps() {
    return 0;
  }

  @Override
  public SparseGroupFtrlRows copy() {
    return this; // hyperparameters only
  }

  @Override
  public RowMerge<SparseGroupFtrlRows> merge() {
    return new SumMerge();
  }

  /**
   * Sparse group FTRL's merge, as {@link SparseGroupFtrlSumMerge} (algorithms.md section 10, pattern 2): per
   * touched row a partition sends 1 (a partition count) and, per parameter, its end z and n; with c the
   * partitions that touched the row, {@code z = zSum - (c - 1) z0} and {@code n = max(n0, nSum - (c - 1) n0)}
   * (the partitions' increments summed), and the row's weights follow by the closed form, so exact zeros and
   * zero rows survive. A row one partition touched gets that partition's z bit for bit, and its n (sent as
   * the float of s^2) up to its rounding. The known limit of pattern 2 is the double merge's: each
   * partition's sigmas are taken from the shared start n0.
   */
  static final class SumMerge implements RowMerge<SparseGroupFtrlRows> {
    private static final long serialVersionUID = 1L;

    @Override
    public int valuesPerRow(int width) {
      return 1 + 2 * width; // partitions that touched; sums of their z; sums of their n
    }

    @Override
    public RowDelta increments(SparseGroupFtrlRows pass, RowStore view, int width, boolean penalized) {
      final RowStore.Touched touched = view.touched();
      final int[] rows = touched.rows();
      final int v = valuesPerRow(width);
      final float[] out = new float[rows.length * v];
      final float[] a = view.data();
      for (int k = 0; k < rows.length; k++) {
        final int ao = touched.offsets()[k];
        final int at = k * v;
        out[at] = 1f;
        for (int c = 0; c < width; c++) {
          final double s = a[ao + 2 * width + c];
          out[at + 1 + c] = a[ao + width + c];
          out[at + 1 + width + c] = (float) (s * s);
        }
      }
      return new RowDelta(rows, out, v);
    }

    @Override
    public void apply(SparseGroupFtrlRows state, RowStore[] owners, int[] widths, boolean[] penalized,
        RowDelta[] summed, long steps) {
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
          final double c = vals[at];
          if (!(c >= 1)) {
            continue; // no partition touched it
          }
          for (int j = 0; j < width; j++) {
            final int zo = off + width + j;
            final int so = off + 2 * width + j;
            final double zSum = vals[at + 1 + j];
            final double nSum = vals[at + 1 + width + j];
            final double s0 = d[so];
            final double n0 = s0 * s0;
            final double z = c == 1.0 ? zSum : zSum - (c - 1) * d[zo];
            // n never decreases; rounding must not make it
            final double n = c == 1.0 ? nSum : Math.max(n0, nSum - (c - 1) * n0);
            d[zo] = (float) z;
            d[so] = (float) Math.sqrt(n);
          }
          state.weights(d, off, width, penalized[t]);
        }
      }
    }
  }
}
