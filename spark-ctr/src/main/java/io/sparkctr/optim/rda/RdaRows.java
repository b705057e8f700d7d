package io.sparkctr.optim.rda;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;

/**
 * Enhanced l1-RDA over parameter rows: the row form of {@link RdaOptimizer} (algorithms.md section 5).
 *
 * <p>Reference: L. Xiao, "Dual Averaging Methods for Regularized Stochastic Learning and Online
 * Optimization", JMLR 11, 2010, section 6.1 (enhanced l1-RDA), https://jmlr.org/papers/v11/xiao10a.html.
 * With G_i the sum of parameter i's gradients over the t ended steps:
 *
 * <pre>
 *   w_i = w0_i                                                   t = 0
 *       = soft(w0_i - G_i / (gamma sqrt(t)), sqrt(t) l1 / gamma + rho)   t &gt; 0, penalised row
 *       = w0_i - G_i / (gamma sqrt(t))                           t &gt; 0, unpenalised row (the intercept)
 * </pre>
 *
 * The departures of {@link RdaOptimizer} hold here: the prox term is centred at the row's start weights w0
 * (a random factor start or a warm start survives), and an unpenalised table gets neither l1 nor rho.
 *
 * <p>Row of width W: {@code [w_0..w_{W-1} | G_0..G_{W-1} | w0_0..w0_{W-1}]}, 12 bytes per parameter; an
 * optimizer built {@link #uncentred} drops w0 ({@code [w | G]}, 8 bytes per parameter) and accepts only
 * zero starts (logistic regression). G is stored as a float; each step adds the gradient to it in double
 * and rounds once, and the closed form is computed in double.
 *
 * <p>Lazy form: the weight is a pure function of (G, w0, t), and t (the global step count, in this object:
 * {@link #copy} gives an independent clock) counts every step, also those that did not touch the row, so
 * there is no per-row clock and no catch-up: {@link #read} recomputes the weights of the rows it is given
 * from their G at the current t. An untouched row's weight floats therefore go stale as t grows (its
 * average gradient G / t decays); they are current right after a {@link #read} of the row (the passes read
 * every row they use; {@code RowState.weights} reads every row). An update changes G, not the weight floats,
 * which the kernel read this step; the next step's read recomputes them.
 *
 * <p>Merge ({@link SumMerge}, as {@link RdaSumMerge}): G and t are additive. No step-size decay: RDA shrinks
 * its steps by its own clock ({@link #withStepSizeScaled} stays null).
 */
public final class RdaRows implements RowOptimizer<RdaRows> {
  private static final long serialVersionUID = 1L;

  private final RdaHyperParams hyper;
  private final double gamma;
  private final double l1;
  private final double rho;
  /** Whether rows store their prox centre w0 (else it is 0). */
  private final boolean centred;
  /** Steps ended so far: RDA's t. */
  private long t;

  /** Rows with their prox centre w0 (12 bytes per parameter): any start, e.g. random factors. */
  public RdaRows(RdaHyperParams hyper) {
    this(hyper, true, 0L);
  }

  private RdaRows(RdaHyperParams hyper, boolean centred, long t) {
    this.hyper = hyper;
    this.gamma = hyper.gamma();
    this.l1 = hyper.l1();
    this.rho = hyper.rho();
    this.centred = centred;
    this.t = t;
  }

  /**
   * Rows without a prox centre (8 bytes per parameter), the paper's w0 = 0: for models whose every start
   * weight is zero (logistic regression); {@link #initRow} rejects a nonzero start.
   */
  public static RdaRows uncentred(RdaHyperParams hyper) {
    return new RdaRows(hyper, false, 0L);
  }

  public RdaHyperParams hyper() {
    return hyper;
  }

  /** Whether rows store their prox centre w0. */
  public boolean centred() {
    return centred;
  }

  @Override
  public String name() {
    return "rda";
  }

  @Override
  public int stride(int width) {
    return (centred ? 3 : 2) * width;
  }

  @Override
  public boolean clocked() {
    return false;
  }

  /**
   * G = 0 and the prox centre w0 (the double form's {@code RdaOptimizer(hyper, initialWeights, ...)}); the
   * weight floats get the closed form at the current t (w0 itself at t = 0, where rows start).
   *
   * @throws IllegalArgumentException for a non-finite start, or a nonzero one on {@link #uncentred} rows
   */
  @Override
  public void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      final double w = w0 == null ? 0.0 : w0[from + c];
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("RDA initial weights MUST be finite, but got " + w + " at " + (from + c));
      }
      if (!centred && w != 0.0) {
        throw new IllegalArgumentException("Uncentred RDA rows MUST start at zero, but got " + w + " at "
            + (from + c) + ": use new RdaRows(hyper), which stores the prox centre w0, for a nonzero start");
      }
      d[off + width + c] = 0f;
      if (centred) {
        d[off + 2 * width + c] = (float) w;
      }
    }
    current(d, off, width, penalized);
  }

  /** Recomputes the rows' weights from their G (and w0) at the current t: the closed form, in double. */
  @Override
  public void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    final float[] d = store.data();
    for (int k = 0; k < count; k++) {
      current(d, offsets[k], width, penalized);
    }
  }

  private void current(float[] d, int off, int width, boolean penalized) {
    if (t == 0) {
      for (int c = 0; c < width; c++) {
        d[off + c] = centred ? d[off + 2 * width + c] : 0f;
      }
      return;
    }
    final double sqrtT = Math.sqrt((double) t);
    final double scale = gamma * sqrtT;
    final double threshold = sqrtT * l1 / gamma + rho;
    for (int c = 0; c < width; c++) {
      final double start = centred ? d[off + 2 * width + c] : 0.0;
      final double v = start - d[off + width + c] / scale;
      d[off + c] = (float) (penalized ? OptimizerChecks.soft(v, threshold) : v);
    }
  }

  /** G += g per parameter (in double, rounded once); the weights follow on the next step's read. */
  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    for (int k = 0, p = 0; k < count; k++) {
      final int gOff = offsets[k] + width;
      for (int c = 0; c < width; c++, p++) {
        final double g = multiplier * derivatives[p];
        if (g != 0.0) {
          d[gOff + c] = (float) (d[gOff + c] + g);
        }
      }
    }
    return 0.0;
  }

  @Override
  public void endStep() {
    t++;
  }

  /** RDA's t: the number of steps ended so far. */
  @Override
  public long steps() {
    return t;
  }

  @Override
  public RdaRows copy() {
    return new RdaRows(hyper, centred, t);
  }

  @Override
  public RowMerge<RdaRows> merge() {
    return new SumMerge();
  }

  /**
   * RDA's merge, as {@link RdaSumMerge} (algorithms.md section 10, pattern 2): a pass sends, per parameter of
   * each row it touched, its increment of G; the increments are summed over the partitions and added to the
   * owner's G, and t advances by the steps all partitions ran. The weights are a function of (G, w0, t), so
   * the merged state is the serial one up to the gradients having been taken at different weights.
   */
  static final class SumMerge implements RowMerge<RdaRows> {
    private static final long serialVersionUID = 1L;

    @Override
    public int valuesPerRow(int width) {
      return width; // dG
    }

    @Override
    public RowDelta increments(RdaRows pass, RowStore view, int width, boolean penalized) {
      final RowStore.Touched touched = view.touched();
      final int[] rows = touched.rows();
      final float[] out = new float[rows.length * width];
      final float[] a = view.data();
      final float[] b = view.owner().data();
      for (int k = 0; k < rows.length; k++) {
        final int ao = touched.offsets()[k] + width;
        final int bo = view.owner().ownerOffset(rows[k]) + width;
        for (int c = 0; c < width; c++) {
          out[k * width + c] = (float) ((double) a[ao + c] - b[bo + c]);
        }
      }
      return new RowDelta(rows, out, width);
    }

    @Override
    public void apply(RdaRows state, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed,
        long steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("RDA step increment MUST be >= 0, but got " + steps);
      }
      for (int t = 0; t < owners.length; t++) {
        final float[] d = owners[t].data();
        final int width = widths[t];
        final int stride = owners[t].stride();
        final int[] rows = summed[t].rows();
        final double[] vals = summed[t].values();
        for (int k = 0; k < rows.length; k++) {
          final int gOff = rows[k] * stride + width;
          for (int c = 0; c < width; c++) {
            d[gOff + c] = (float) (d[gOff + c] + vals[k * width + c]);
          }
        }
      }
      state.t += steps;
    }
  }
}
