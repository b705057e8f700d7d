package io.sparkctr.optim.ftrl;

import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;

/**
 * FTRL-Proximal over parameter rows (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD
 * 2013, Algorithm 1), per coordinate:
 *
 * <pre>
 *   w_i     = 0                                                    if |z_i| &lt;= l1
 *           = -(z_i - sgn(z_i) l1) / ((beta + sqrt(n_i)) / alpha + l2)   otherwise
 *   sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha
 *   z_i    += g_i - sigma_i w_i
 *   n_i    += g_i^2
 * </pre>
 *
 * <p>Conventions (algorithms.md section 6): the paper's, as Vowpal Wabbit's {@code --ftrl}: {@code l2} enters
 * the denominator as is (it penalises {@code (l2/2)||w||^2}), n starts at 0. Unpenalised rows (the
 * intercept) get neither l1 nor l2.
 *
 * <p>Row of {@code width} W: {@code [w_0..w_{W-1} | z_0.. | s_0..]}, s = sqrt(n): 12 bytes per parameter;
 * a pass's view adds {@code kappa} after it. The weight is stored (the closed form above, recomputed at each update), so a
 * read is free and there is no lazy catch-up: an untouched row's (z, n) do not change. Storing sqrt(n)
 * rather than n leaves one square root per update. {@code kappa} is a pass's merge bookkeeping (the row's
 * contraction, {@link Contraction}): only views have it.
 */
public final class FtrlRows implements RowOptimizer<FtrlRows> {
  private static final long serialVersionUID = 1L;

  private final FtrlHyperParams hyper;
  private final double alpha;
  private final double beta;
  private final double l1;
  private final double l2;

  public FtrlRows(FtrlHyperParams hyper) {
    this.hyper = hyper;
    this.alpha = hyper.alpha();
    this.beta = hyper.beta();
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
  }

  public FtrlHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "ftrl";
  }

  @Override
  public int stride(int width) {
    return 3 * width;
  }

  @Override
  public int viewExtra(int width) {
    return 1; // kappa
  }

  @Override
  public boolean clocked() {
    return false;
  }

  /** z of a warm start w0 (algorithms.md section 6.4, fix b): the closed form gives back w0 at n = 0. */
  @Override
  public void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    final double rl1 = penalized ? l1 : 0.0;
    final double den = beta / alpha + (penalized ? l2 : 0.0);
    for (int c = 0; c < width; c++) {
      final double w = w0 == null ? 0.0 : w0[from + c];
      if (w != 0.0 && !(den > 0)) {
        throw new IllegalArgumentException("An FTRL warm start needs beta / alpha + l2 > 0, but beta = " + beta
            + ", l2 = " + l2);
      }
      final float z = (float) (w == 0.0 ? 0.0 : -w * den - Math.signum(w) * rl1);
      d[off + width + c] = z;
      d[off + 2 * width + c] = 0f;
      d[off + c] = (float) weight(z, 0.0, rl1, penalized ? l2 : 0.0);
    }
  }

  private double weight(double z, double s, double rl1, double rl2) {
    if (Math.abs(z) <= rl1) {
      return 0.0;
    }
    return -(z - Math.signum(z) * rl1) / ((beta + s) / alpha + rl2);
  }

  @Override
  public void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    // The weight is stored and current: nothing to catch up.
  }

  @Override
  public boolean tracksContraction() {
    return true;
  }

  /**
   * The FTRL step of every parameter of the rows. Returns sum of derivative^2 times the step size
   * 1 / ((beta + sqrt(n)) / alpha + l2) after the update: how far the example's step moves its margin, to
   * first order; times the loss's curvature it is the example's contraction, which every row it touched
   * accumulates ({@link #addContraction}, the merge's bookkeeping).
   */
  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    // Float arithmetic on float state: mixing float loads with double arithmetic costs the conversions'
    // dependency chains (measured 1.5-2x slower on this loop); the merge computes in double.
    final float[] d = store.data();
    final float rl1 = (float) (penalized ? l1 : 0.0);
    final float rl2 = (float) (penalized ? l2 : 0.0);
    final float invAlpha = (float) (1.0 / alpha);
    final float fbeta = (float) beta;
    final float fmult = (float) multiplier;
    float stepSum = 0f;
    for (int k = 0, p = 0; k < count; k++) {
      final int off = offsets[k];
      for (int c = 0; c < width; c++, p++) {
        final float x = (float) derivatives[p];
        final float g = fmult * x;
        final int w = off + c;
        final int zo = w + width;
        final int so = w + 2 * width;
        final float s = d[so];
        if (g == 0f) { // nothing moves (a frozen row, or a zero derivative)
          stepSum += x * x / ((fbeta + s) * invAlpha + rl2);
          continue;
        }
        stepSum += step(d, w, width, g, x, rl1, rl2, invAlpha, fbeta);
      }
    }
    return stepSum;
  }

  /**
   * The FTRL step, in float, of the parameter at {@code at} of a row of {@code width} (z at {@code at + width},
   * sqrt(n) at {@code at + 2 width}) with gradient g and derivative x; returns x^2 times its new step size.
   * The one scalar form of the rule: {@link #update} and the fused passes call it.
   */
  public static float step(float[] d, int at, int width, float g, float x, float l1, float l2, float invAlpha,
      float beta) {
    final float s = d[at + 2 * width];
    final float sNew = (float) Math.sqrt(s * s + g * g);
    final float z = d[at + width] + g - (sNew - s) * invAlpha * d[at];
    final float inverse = 1f / ((beta + sNew) * invAlpha + l2);
    d[at + width] = z;
    d[at + 2 * width] = sNew;
    d[at] = Math.abs(z) <= l1 ? 0f : -(z - Math.signum(z) * l1) * inverse;
    return x * x * inverse;
  }

  @Override
  public void addContraction(RowStore store, int[] offsets, int count, int width, double contraction) {
    if (!store.isView()) {
      return; // the shared state keeps no contraction
    }
    final float[] d = store.data();
    final float c = (float) contraction;
    for (int k = 0; k < count; k++) {
      d[offsets[k] + 3 * width] += c;
    }
  }

  @Override
  public void endStep() {}

  @Override
  public long steps() {
    return 0;
  }

  @Override
  public FtrlRows copy() {
    return this; // no mutable state: the hyperparameters only
  }

  @Override
  public RowMerge<FtrlRows> merge() {
    return new Contraction();
  }

  /**
   * FTRL's merge: n summed, weights combined as contractions toward a common optimum. Per coordinate, the
   * partitions' sums of their increments of n ({@code dn}), of their changes of the unthresholded weight
   * u = -z / ((beta + sqrt(n)) / alpha + l2) ({@code du}), and per row of their contractions kappa_p and of
   * 1 - exp(-kappa_p) ({@code shrink}). A partition's contraction of a row is the sum, over its examples
   * that touched the row, of the fraction by which the example's step moved its margin toward the loss's
   * minimum, to first order: the loss's curvature on the margin times sum_k d_k^2 stepSize_k over the
   * example's parameters (d_k = d margin / d parameter k).
   *
   * <p>Model: partition p's pass contracts the coordinate's distance to a common optimum u* by
   * rho_p = exp(-kappa_p), so u_p - u0 = (1 - rho_p)(u* - u0). Estimating u* - u0 as
   * sum(u_p - u0) / sum(1 - rho_p) and running the contractions one after another, as a serial pass
   * would, gives
   *
   * <pre>
   *   n &lt;- n + dn,   u &lt;- u0 + (1 - exp(-kappa)) * du / shrink,   z &lt;- -u ((beta + sqrt(n)) / alpha + l2)
   * </pre>
   *
   * When no partition converges (kappa small) this is the plain sum of the changes, what a serial pass does
   * in its linear regime; when every partition converges it is their mean, the serial pass's fixed point;
   * a row only one partition touched gets that partition's state; with one partition the merge gives back
   * its state (up to rounding). The weight follows from z by the closed form, so the L1 threshold applies to
   * the merged state and exact zeros survive.
   *
   * <p>Why not sum the increments of z as algorithms.md section 10 (pattern 2) suggests: each partition
   * corrects the shared start toward the optimum, and P summed corrections overshoot about P-fold; on the
   * Criteo sample, 8 partitions and 3 epochs fell to test AUC 0.58 against 0.746 for one. Plain averaging of
   * u is stable but undershoots P-fold in the linear regime. Counting only each coordinate's own contraction
   * misses that the example's coordinates correct one shared residual together, and diverged like the plain
   * sum from the third epoch on.
   */
  static final class Contraction implements RowMerge<FtrlRows> {
    private static final long serialVersionUID = 1L;

    @Override
    public int valuesPerRow(int width) {
      return 2 * width + 2; // dn, du per parameter; kappa, shrink per row
    }

    @Override
    public RowDelta increments(FtrlRows o, RowStore view, int width, boolean penalized) {
      final RowStore.Touched touched = view.touched();
      final int[] rows = touched.rows();
      final int v = valuesPerRow(width);
      final float[] out = new float[rows.length * v];
      final float[] a = view.data();
      final float[] b = view.owner().data();
      final double rl2 = penalized ? o.l2 : 0.0;
      for (int k = 0; k < rows.length; k++) {
        final int ao = touched.offsets()[k];
        final int bo = view.owner().ownerOffset(rows[k]);
        final int at = k * v;
        for (int c = 0; c < width; c++) {
          final double sa = a[ao + 2 * width + c];
          final double sb = b[bo + 2 * width + c];
          out[at + c] = (float) (sa * sa - sb * sb);
          final double ua = -a[ao + width + c] / ((o.beta + sa) / o.alpha + rl2);
          final double ub = -b[bo + width + c] / ((o.beta + sb) / o.alpha + rl2);
          out[at + width + c] = (float) (ua - ub);
        }
        final double kappa = a[ao + 3 * width];
        out[at + 2 * width] = (float) kappa;
        out[at + 2 * width + 1] = (float) -Math.expm1(-kappa);
      }
      return new RowDelta(rows, out, v);
    }

    @Override
    public void apply(FtrlRows o, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed,
        long steps) {
      for (int t = 0; t < owners.length; t++) {
        mergeContractions(o, owners[t], widths[t], penalized[t], summed[t]);
      }
    }

    private static void mergeContractions(FtrlRows o, RowStore owner, int width, boolean penalized, RowDelta delta) {
      final float[] d = owner.data();
      final int stride = owner.stride();
      final int[] rows = delta.rows();
      final double[] vals = delta.values();
      final int v = delta.valuesPerRow();
      final double rl1 = penalized ? o.l1 : 0.0;
      final double rl2 = penalized ? o.l2 : 0.0;
      for (int k = 0; k < rows.length; k++) {
        final int off = rows[k] * stride;
        final int at = k * v;
        final double kappa = vals[at + 2 * width];
        final double shrink = vals[at + 2 * width + 1];
        for (int c = 0; c < width; c++) {
          final double s0 = d[off + 2 * width + c];
          final double s = Math.sqrt(s0 * s0 + vals[at + c]);
          double z = d[off + width + c];
          if (shrink > 0) {
            final double u0 = -z / ((o.beta + s0) / o.alpha + rl2);
            final double u = u0 + -Math.expm1(-kappa) * vals[at + width + c] / shrink;
            z = -u * ((o.beta + s) / o.alpha + rl2);
            d[off + width + c] = (float) z;
          }
          d[off + 2 * width + c] = (float) s;
          d[off + c] = (float) o.weight(z, s, rl1, rl2);
        }
      }
    }
  }
}
