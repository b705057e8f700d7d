package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SparseOnlineOptimizer;
import java.util.Arrays;

/**
 * Sparse group FTRL (tfplus's "Group AdaGrad"), lazy: FTRL-Proximal with an extra group-lasso
 * threshold per embedding row (algorithms.md section 7.1).
 *
 * <p>References: Y. Yue et al., "Adaptive Optimizers with Sparse Group Lasso for Neural Networks in CTR
 * Prediction", ECML-PKDD 2021 (https://arxiv.org/abs/2107.14432); the kernel followed is Ant Group's
 * tfplus {@code KvVariableSparseGroupSparseApplyFtrl} with {@code lr_power = -0.5} and no
 * {@code l2_shrinkage}. Per coordinate i, with z_i = 0 and n_i = initialAccumulator:
 *
 * <pre>
 *   n_new = n_i + g_i^2
 *   z_i  += g_i - (sqrt(n_new) - sqrt(n_i)) / alpha * w_i
 *   n_i   = n_new
 * </pre>
 *
 * and the weights of a row r of d coordinates, a function of the row's (z, n):
 *
 * <pre>
 *   s   = -soft(z_r, l1)                                  (elementwise)
 *   w_r = 0                                               if ||s||_2 &lt;= l21 sqrt(d)
 *       = s (1 - l21 sqrt(d) / ||s||_2) / (sqrt(n_r) / alpha + 2 l2)   otherwise (elementwise division)
 * </pre>
 *
 * <p>Conventions: TensorFlow's, not {@code FtrlOptimizer}'s paper convention: alpha is TensorFlow's
 * learning rate, {@code l2} penalises {@code l2 ||w||^2} (the denominator has 2 l2), there is no beta,
 * and n starts at {@code initialAccumulator} (0.1 in TensorFlow). With l21 = 0 this is TensorFlow's
 * {@code SparseApplyFtrl} per coordinate; a group of size 1 is L1-FTRL with l1 + l21 (algorithms.md
 * section 11.7).
 *
 * <p>Departures from tfplus: (1) the unit of an update is a coordinate, not a row: a step updates the
 * coordinates it is given, and the row's weights are recomputed on read, so a coordinate of a row that
 * is not updated in a step behaves exactly as if tfplus had updated it with a zero gradient (z and n
 * unchanged). (2) A zero row keeps its (z, n) (tfplus also keeps them and blacklists the key); there is
 * no key eviction. (3) Singleton groups use the algebraically equal {@code -soft(soft(z, l1), l21) / den}
 * instead of {@code s (1 - l21 / |s|) / den}, which differs in the last bit. (4) Coordinates
 * {@code >= numRegularized} (the intercept) get plain TensorFlow FTRL with neither l1, l2 nor l21, as
 * tfplus does for ordinary (non-hash-table) variables.
 *
 * <p>Lazy form: every weight is a pure function of its row's (z, n), which change only when updated, so
 * an untouched coordinate needs no catch-up and there is no global step. A read costs O(1): the row's
 * group factor (1 - l21 sqrt(d) / ||s||)_+ is cached per row and recomputed, in O(d), on the first read
 * after one of the row's coordinates changed.
 */
public final class SparseGroupFtrlOptimizer implements SparseOnlineOptimizer {
  private static final long serialVersionUID = 1L;

  private final SparseGroupFtrlHyperParams hyper;
  private final GroupLayout layout;
  private final double alpha;
  private final double l1;
  private final double twoL2;
  private final double l21;
  /** l21 sqrt(d), the rows' threshold on ||s||. */
  private final double rowThreshold;
  private final int numRegularized;
  private final int groupStart;
  private final int groupSize;
  /** Whether the layout has rows of more than one coordinate. */
  private final boolean grouped;
  /** z_i, TensorFlow's {@code linear}. */
  private final double[] z;
  /** n_i, TensorFlow's {@code accum}: initialAccumulator plus the sum of g_i^2. */
  private final double[] n;
  /** sqrt(n_i), kept so that a step takes one square root and a read none. */
  private final double[] sqrtN;
  /** Per row, the cached group factor (1 - l21 sqrt(d) / ||s||)_+; NaN when stale. */
  private final double[] rowFactor;

  /**
   * The start state: z = 0, n = initialAccumulator everywhere (all weights 0).
   *
   * @param layout the coordinates' groups, {@code [0, layout.numRegularized())} penalised
   */
  public SparseGroupFtrlOptimizer(SparseGroupFtrlHyperParams hyper, GroupLayout layout) {
    this.hyper = hyper;
    this.layout = layout;
    this.alpha = hyper.alpha();
    this.l1 = hyper.l1();
    this.twoL2 = 2.0 * hyper.l2();
    this.l21 = hyper.l21();
    this.rowThreshold = hyper.l21() * Math.sqrt(layout.groupSize());
    this.numRegularized = layout.numRegularized();
    this.groupStart = layout.groupStart();
    this.groupSize = layout.groupSize();
    this.grouped = layout.groupSize() > 1 && layout.numRows() > 0;
    final int dimension = layout.dimension();
    this.z = new double[dimension];
    this.n = new double[dimension];
    this.sqrtN = new double[dimension];
    Arrays.fill(n, hyper.initialAccumulator());
    Arrays.fill(sqrtN, Math.sqrt(hyper.initialAccumulator()));
    this.rowFactor = new double[grouped ? layout.numRows() : 0];
    Arrays.fill(rowFactor, Double.NaN);
  }

  private SparseGroupFtrlOptimizer(SparseGroupFtrlOptimizer o) {
    this.hyper = o.hyper;
    this.layout = o.layout;
    this.alpha = o.alpha;
    this.l1 = o.l1;
    this.twoL2 = o.twoL2;
    this.l21 = o.l21;
    this.rowThreshold = o.rowThreshold;
    this.numRegularized = o.numRegularized;
    this.groupStart = o.groupStart;
    this.groupSize = o.groupSize;
    this.grouped = o.grouped;
    this.z = o.z.clone();
    this.n = o.n.clone();
    this.sqrtN = o.sqrtN.clone();
    this.rowFactor = o.rowFactor.clone();
  }

  /**
   * A state with the given z and n (copied), e.g. to resume or to test from a known point.
   *
   * @param z one entry per coordinate of the layout, finite
   * @param n one entry per coordinate, finite and &gt;= 0, and &gt; 0 wherever z != 0 and the denominator
   *     would otherwise be 0 (l2 = 0, or an unpenalised coordinate)
   */
  public static SparseGroupFtrlOptimizer withState(SparseGroupFtrlHyperParams hyper, GroupLayout layout, double[] z,
      double[] n) {
    if (z.length != layout.dimension() || n.length != layout.dimension()) {
      throw new IllegalArgumentException("Dimension mismatch: the layout has " + layout.dimension()
          + " coordinates, z has " + z.length + " and n has " + n.length);
    }
    final SparseGroupFtrlOptimizer out = new SparseGroupFtrlOptimizer(hyper, layout);
    for (int i = 0; i < z.length; i++) {
      if (!(n[i] >= 0) || !Double.isFinite(n[i]) || !Double.isFinite(z[i])) {
        throw new IllegalArgumentException(
            "State MUST be finite with n >= 0, but got z = " + z[i] + ", n = " + n[i] + " at " + i);
      }
      out.z[i] = z[i];
      out.n[i] = n[i];
      out.sqrtN[i] = Math.sqrt(n[i]);
      if (z[i] != 0.0 && !(out.denominator(i) > 0)) {
        throw new IllegalArgumentException(
            "State MUST have n > 0 where z != 0 and the denominator has no l2, but got z = "
            + z[i] + ", n = " + n[i] + " at " + i);
      }
    }
    return out;
  }

  /**
   * A warm start whose weights are {@code w} (algorithms.md section 6.4, fix (b), generalised to the
   * group threshold): n = initialAccumulator and, per group with den_j = sqrt(n0) / alpha + 2 l2,
   * u = w .* den and L = l21 sqrt(d),
   *
   * <pre>
   *   s = u (||u|| + L) / ||u||,   z = -(s + sgn(s) l1)
   * </pre>
   *
   * so that ||s|| = ||u|| + L &gt; L and the closed form gives back w (up to rounding). From z = 0 instead,
   * the first update would keep only 1 - sqrt(n0 / n1) of a random start (0.05% for n0 = 0.1 and
   * g = 0.01; tensorflow/tensorflow#50118), and FM factors at 0 never move.
   * The intercept gets z = -w sqrt(n0) / alpha.
   *
   * @param w the weights (copied), one per coordinate of the layout, finite
   * @param numRegularized must equal the layout's (the {@code OptimizerSpec} warm-start signature)
   * @throws IllegalArgumentException if a nonzero weight needs a zero denominator (initialAccumulator = 0
   *     and l2 = 0, or initialAccumulator = 0 for the intercept): no z represents it
   */
  public static SparseGroupFtrlOptimizer withWeights(SparseGroupFtrlHyperParams hyper, GroupLayout layout, double[] w,
      int numRegularized) {
    layout.checkShape(w.length, numRegularized);
    OptimizerChecks.checkInitialWeights("SparseGroupFtrl", w);
    final SparseGroupFtrlOptimizer out = new SparseGroupFtrlOptimizer(hyper, layout);
    int i = 0;
    while (i < w.length) {
      final int size = layout.groupSizeOf(i);
      out.representGroup(w, i, size);
      i += size;
    }
    return out;
  }

  /** Sets z of the group {@code [from, from + size)} so that its closed form gives w there. */
  private void representGroup(double[] w, int from, int size) {
    double sumSq = 0.0;
    for (int j = from; j < from + size; j++) {
      if (w[j] != 0.0 && !(denominator(j) > 0)) {
        throw new IllegalArgumentException("A SparseGroupFtrl warm start needs a positive denominator sqrt(n0) / alpha"
            + (j < numRegularized ? " + 2 l2" : "") + ", but initialAccumulator = " + hyper.initialAccumulator()
            + ", l2 = " + hyper.l2() + " (coordinate " + j + ", weight " + w[j] + ")");
      }
      final double u = w[j] * denominator(j);
      sumSq += u * u;
    }
    if (sumSq == 0.0) {
      return;
    }
    if (from >= numRegularized) {
      z[from] = -w[from] * denominator(from);
      return;
    }
    final double norm = Math.sqrt(sumSq);
    final double stretch = (norm + l21 * Math.sqrt(size)) / norm;
    for (int j = from; j < from + size; j++) {
      final double s = w[j] * denominator(j) * stretch;
      z[j] = -(s + Math.signum(s) * l1);
    }
    if (layout.inRow(from)) {
      rowFactor[layout.rowOf(from)] = Double.NaN;
    }
  }

  @Override
  public SparseGroupFtrlOptimizer copy() {
    return new SparseGroupFtrlOptimizer(this);
  }

  public SparseGroupFtrlHyperParams hyper() {
    return hyper;
  }

  public GroupLayout layout() {
    return layout;
  }

  @Override
  public int dimension() {
    return z.length;
  }

  @Override
  public int numRegularized() {
    return numRegularized;
  }

  /** z_i, TensorFlow's {@code linear}. */
  public double z(int i) {
    return z[i];
  }

  /** n_i, TensorFlow's {@code accum}. */
  public double n(int i) {
    return n[i];
  }

  /** The weight of coordinate i, a pure function of its row's (z, n). */
  @Override
  public double weight(int i) {
    final double zi = z[i];
    if (zi == 0.0) {
      return 0.0; // s_i = 0; also avoids 0 / 0 when n0 = 0 and nothing was learnt
    }
    if (i >= numRegularized) {
      return -zi / (sqrtN[i] / alpha);
    }
    if (grouped && i >= groupStart) {
      final int r = (i - groupStart) / groupSize;
      double factor = rowFactor[r];
      if (factor != factor) { // NaN: stale
        factor = RowThreshold.factor(z, groupStart + r * groupSize, groupSize, l1, rowThreshold);
        rowFactor[r] = factor;
      }
      if (factor == 0.0) {
        return 0.0;
      }
      final double s = -OptimizerChecks.soft(zi, l1);
      return s == 0.0 ? 0.0 : s * factor / (sqrtN[i] / alpha + twoL2);
    }
    final double a = OptimizerChecks.soft(OptimizerChecks.soft(zi, l1), l21);
    return a == 0.0 ? 0.0 : -a / (sqrtN[i] / alpha + twoL2);
  }

  /**
   * One step on coordinate i; its row's weights follow on the next read.
   *
   * @param g the step loss's gradient with respect to w_i
   * @param w the weight the gradient was computed at, i.e. {@link #weight(int)} read this step
   */
  @Override
  public void update(int i, double g, double w) {
    final double nNew = n[i] + g * g;
    final double sqrtNew = Math.sqrt(nNew);
    z[i] += g - (sqrtNew - sqrtN[i]) / alpha * w;
    n[i] = nNew;
    sqrtN[i] = sqrtNew;
    if (grouped && i >= groupStart && i < numRegularized) {
      rowFactor[(i - groupStart) / groupSize] = Double.NaN;
    }
  }

  /** No global step: the state is per coordinate only, so this does nothing. */
  @Override
  public void endStep() {}

  @Override
  public void weights(double[] out) {
    OptimizerChecks.checkBuffer(z.length, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }

  /**
   * Merges the passes of several partitions that all started from this state
   * ({@link SparseGroupFtrlSumMerge}): for coordinate {@code indices[k]}, {@code k < count}, touched by
   * {@code partitions[k]} = c partitions whose end states sum to {@code zSum[k]} and {@code nSum[k]},
   *
   * <pre>
   *   z = z0 + sum_p (z_p - z0) = zSum - (c - 1) z0,   n = nSum - (c - 1) n0
   * </pre>
   *
   * i.e. the partitions' increments summed (algorithms.md section 10, pattern 2). With c = 1 the state
   * becomes that partition's end state bit for bit.
   */
  public void mergePartitionSums(int[] indices, int count, double[] partitions, double[] zSum, double[] nSum) {
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      final double c = partitions[k];
      if (!(c >= 1)) {
        continue; // no partition touched it
      }
      if (c == 1.0) {
        z[i] = zSum[k];
        n[i] = nSum[k];
      } else {
        z[i] = zSum[k] - (c - 1) * z[i];
        n[i] = Math.max(n[i], nSum[k] - (c - 1) * n[i]); // n never decreases; rounding must not make it
      }
      sqrtN[i] = Math.sqrt(n[i]);
      if (grouped && i >= groupStart && i < numRegularized) {
        rowFactor[(i - groupStart) / groupSize] = Double.NaN;
      }
    }
  }

  private double denominator(int i) {
    final double adaptive = sqrtN[i] / alpha;
    return i >= numRegularized ? adaptive : adaptive + twoL2;
  }
}
