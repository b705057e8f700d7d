package io.sparkctr.optim.ftrl;

import java.io.Serializable;

/**
 * FTRL-Proximal, per coordinate and lazy.
 *
 * <p>Reference: H. B. McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013,
 * Algorithm 1 (https://research.google/pubs/pub41159/). Per coordinate i, with state z_i = n_i = 0:
 *
 * <pre>
 *   w_i     = 0                                                    if |z_i| &lt;= l1
 *           = -(z_i - sgn(z_i) l1) / ((beta + sqrt(n_i)) / alpha + l2)   otherwise
 *   sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha
 *   z_i    += g_i - sigma_i w_i
 *   n_i    += g_i^2
 * </pre>
 *
 * <p>Conventions (algorithms.md section 6): the paper's, as Vowpal Wabbit's {@code --ftrl}: {@code l2}
 * enters the denominator as is (it penalises {@code (l2/2)||w||^2}; TensorFlow's {@code l2} is half of
 * ours), and the accumulator starts at {@code n0 = 0} (TensorFlow starts at 0.1). {@code g_i} is the
 * gradient of the step loss; the trainers in {@code io.sparkctr.train} take one step per example, so the
 * step loss is that example's (weighted) log loss, which is the mean loss of a mini-batch of one.
 *
 * <p>Departures from the paper: coordinates at index {@code >= numRegularized} (the intercept) are
 * never L1/L2 penalised, as MLlib does not penalise the intercept. The weight is never stored: it is a
 * pure function of (z, n), recomputed on read, so an untouched coordinate needs no catch-up.
 *
 * <p>State lives in two primitive arrays sized to the model; {@link #z()} and {@link #n()} expose them
 * to the trainers that merge state increments across partitions (algorithms.md section 10, pattern 2).
 */
public final class FtrlOptimizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double alpha;
  private final double beta;
  private final double l1;
  private final double l2;
  private final int numRegularized;
  private final double[] z;
  private final double[] n;
  /** Optional merge bookkeeping (null when not tracked): per coordinate, the sum of sigma and of sigma * w. */
  private double[] sigmaSum;
  private double[] sigmaWeightSum;

  /**
   * @param hyper learning-rate scale alpha (> 0), beta (>= 0), l1 (>= 0), l2 (>= 0)
   * @param dimension number of coordinates (features plus intercept)
   * @param numRegularized coordinates {@code [0, numRegularized)} get l1/l2; the rest (intercept) none
   */
  public FtrlOptimizer(FtrlHyperParams hyper, int dimension, int numRegularized) {
    this(hyper, new double[dimension], new double[dimension], numRegularized);
  }

  /** Wraps existing state arrays (not copied). */
  public FtrlOptimizer(FtrlHyperParams hyper, double[] z, double[] n, int numRegularized) {
    if (z.length != n.length) {
      throw new IllegalArgumentException("Dimension mismatch: z has " + z.length + " entries, n has " + n.length);
    }
    if (numRegularized < 0 || numRegularized > z.length) {
      throw new IllegalArgumentException(
          "numRegularized MUST be in [0, " + z.length + "], but got " + numRegularized);
    }
    this.alpha = hyper.alpha();
    this.beta = hyper.beta();
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
    this.numRegularized = numRegularized;
    this.z = z;
    this.n = n;
  }

  public int dimension() {
    return z.length;
  }

  /** The weight of coordinate {@code i}, a pure function of its (z, n). */
  public double weight(int i) {
    final double zi = z[i];
    if (i >= numRegularized) {
      return -zi / ((beta + Math.sqrt(n[i])) / alpha);
    }
    if (Math.abs(zi) <= l1) {
      return 0.0;
    }
    return -(zi - Math.signum(zi) * l1) / ((beta + Math.sqrt(n[i])) / alpha + l2);
  }

  /**
   * One FTRL step on coordinate {@code i}.
   *
   * @param g the step loss's gradient with respect to w_i
   * @param w the weight the gradient was computed at, i.e. {@link #weight(int)} read this step
   */
  public void update(int i, double g, double w) {
    final double ni = n[i];
    final double nNew = ni + g * g;
    final double sigma = (Math.sqrt(nNew) - Math.sqrt(ni)) / alpha;
    z[i] += g - sigma * w;
    n[i] = nNew;
    if (sigmaSum != null) {
      sigmaSum[i] += sigma;
      sigmaWeightSum[i] += sigma * w;
    }
  }

  /**
   * Starts accumulating, per coordinate, the sums of sigma and of sigma * w over the following steps
   * into the given arrays (zeroed by the caller), for {@link #applyMergedIncrements}.
   */
  public void trackSigma(double[] sigmaSum, double[] sigmaWeightSum) {
    if (sigmaSum.length != z.length || sigmaWeightSum.length != z.length) {
      throw new IllegalArgumentException("Dimension mismatch: optimizer has " + z.length + " coordinates, buffers "
          + sigmaSum.length + " and " + sigmaWeightSum.length);
    }
    this.sigmaSum = sigmaSum;
    this.sigmaWeightSum = sigmaWeightSum;
  }

  /**
   * Adds the summed increments of P partitions that all started from the state (z, n), for the
   * coordinates {@code indices[0, count)}.
   *
   * <p>n gets the plain sum: sum g^2 does not depend on the order of the steps. z = sum g - sum sigma w
   * gets the plain sum of its g part, but its sigma part is rescaled: sigma telescopes along one run to
   * (sqrt(n_end) - sqrt(n_start)) / alpha, and P runs from the same start would otherwise add up to
   * about sqrt(P) times the serial run's total, which inflates every converged weight by about sqrt(P)
   * (z = -w (beta + sqrt(n)) / alpha at a fixed point). Scaling the sigma part by
   * c = serial sigma total / summed sigma restores the serial fixed point; for one partition c = 1 up
   * to rounding. This is our departure from the plain increment sum of algorithms.md section 10.
   *
   * @param dz summed increments of z
   * @param dn summed increments of n
   * @param sigmaSum summed sigma over all steps of all partitions
   * @param sigmaWeightSum summed sigma * w over all steps of all partitions
   */
  public static void applyMergedIncrements(double[] z, double[] n, double alpha, int[] indices, int count,
      double[] dz, double[] dn, double[] sigmaSum, double[] sigmaWeightSum) {
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      final double nStart = n[i];
      final double nEnd = nStart + dn[k];
      final double serialSigma = (Math.sqrt(nEnd) - Math.sqrt(nStart)) / alpha;
      final double scale = sigmaSum[k] > 0 ? serialSigma / sigmaSum[k] : 1.0;
      z[i] += dz[k] + (1.0 - scale) * sigmaWeightSum[k];
      n[i] = nEnd;
    }
  }

  /** Writes every coordinate's weight into {@code out} (length {@link #dimension()}). */
  public void weights(double[] out) {
    if (out.length != z.length) {
      throw new IllegalArgumentException("Dimension mismatch: optimizer has " + z.length + ", buffer " + out.length);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }

  /** The z accumulator (live array, for state merging). */
  public double[] z() {
    return z;
  }

  /** The n accumulator, sum of squared gradients (live array, for state merging). */
  public double[] n() {
    return n;
  }
}
