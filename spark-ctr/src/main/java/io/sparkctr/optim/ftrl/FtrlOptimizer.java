package io.sparkctr.optim.ftrl;

import io.sparkctr.optim.SparseOnlineOptimizer;
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
 * <p>State: the shared (owner) state is one primitive array sized to the model, z and n interleaved
 * (16 bytes per coordinate), as it is serialized and broadcast. A pass over a partition works on a
 * {@link #privateView()}: a copy-on-touch overlay that reads the shared state (never writing it) and keeps
 * its own slot only for each coordinate it updates, holding z, n, sqrt(n) and the pass's contraction
 * interleaved (32 bytes, so a step reads and writes one cache line and takes one square root). A task's
 * memory is therefore O(touched coordinates), not a copy of the model. {@link #mergeContractions} combines
 * passes that ran in parallel from one state.
 */
public final class FtrlOptimizer implements SparseOnlineOptimizer {
  private static final long serialVersionUID = 2L;

  /** Doubles per coordinate of the shared state: z, n. */
  private static final int OWNER_STRIDE = 2;
  /**
   * Doubles per slot of a view: z, n, sqrt(n) and the pass's contraction (see {@link #addContraction});
   * 32 bytes, so a slot never straddles two cache lines.
   */
  private static final int SLOT = 4;

  private final FtrlHyperParams hyper;
  private final double alpha;
  private final double beta;
  private final double l1;
  private final double l2;
  private final int numRegularized;
  private final int dimension;
  /** Owner: z, n per coordinate. View: z, n, sqrt(n), contraction per slot. */
  private double[] state;
  /** The state a view reads through (never writes), or null for the owner of every coordinate. */
  private final FtrlOptimizer shared;
  /** View: open-addressing table of the written coordinates (coordinate + 1; 0 empty) and their slots. */
  private int[] keys;
  private int[] slotOf;
  private int slots;

  /**
   * A zero state (z = n = 0 everywhere).
   *
   * @param hyper learning-rate scale alpha (&gt; 0), beta (&gt;= 0), l1 (&gt;= 0), l2 (&gt;= 0)
   * @param dimension number of coordinates (features plus intercept)
   * @param numRegularized coordinates {@code [0, numRegularized)} get l1/l2; the rest (intercept) none
   */
  public FtrlOptimizer(FtrlHyperParams hyper, int dimension, int numRegularized) {
    this(hyper, new double[OWNER_STRIDE * dimension], numRegularized);
  }

  private FtrlOptimizer(FtrlHyperParams hyper, double[] state, int numRegularized) {
    final int dimension = state.length / OWNER_STRIDE;
    if (numRegularized < 0 || numRegularized > dimension) {
      throw new IllegalArgumentException(
          "numRegularized MUST be in [0, " + dimension + "], but got " + numRegularized);
    }
    this.hyper = hyper;
    this.alpha = hyper.alpha();
    this.beta = hyper.beta();
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
    this.numRegularized = numRegularized;
    this.dimension = dimension;
    this.state = state;
    this.shared = null;
  }

  /** An empty view of {@code shared}, or a copy of the view {@code other} when it is given. */
  private FtrlOptimizer(FtrlOptimizer shared, FtrlOptimizer other) {
    this.hyper = shared.hyper;
    this.alpha = shared.alpha;
    this.beta = shared.beta;
    this.l1 = shared.l1;
    this.l2 = shared.l2;
    this.numRegularized = shared.numRegularized;
    this.dimension = shared.dimension;
    this.shared = shared;
    if (other == null) {
      this.state = new double[SLOT * 64];
      this.keys = new int[128];
      this.slotOf = new int[128];
    } else {
      this.state = other.state.clone();
      this.keys = other.keys.clone();
      this.slotOf = other.slotOf.clone();
      this.slots = other.slots;
    }
  }

  /**
   * A private, copy-on-touch view of this state for one pass: it reads this state, never writes it, and
   * stores only the coordinates it updates (each starting from this state's values, its contraction at
   * 0). Not thread-safe; this state must not change while the view is in use.
   */
  @Override
  public FtrlOptimizer privateView() {
    if (shared != null) {
      throw new IllegalStateException("A view of a view is not supported: take the view of the shared state");
    }
    return new FtrlOptimizer(this, null);
  }

  /** Coordinates whose state this object stores: all of them for the shared state, the written ones for a view. */
  public int storedCoordinates() {
    return shared == null ? dimension : slots;
  }

  /** A view's slot offset of coordinate i in {@link #state}, or -1 when the view has not written it. */
  private int find(int i) {
    final int mask = keys.length - 1;
    int h = (i * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(keys.length));
    while (true) {
      final int k = keys[h];
      if (k == i + 1) {
        return SLOT * slotOf[h];
      }
      if (k == 0) {
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  /** A view's slot offset of coordinate i, created from the shared state (contraction 0) on first write. */
  private int slot(int i) {
    final int found = find(i);
    if (found >= 0) {
      return found;
    }
    if (2 * (slots + 1) > keys.length) {
      growTable();
    }
    if (SLOT * (slots + 1) > state.length) {
      state = java.util.Arrays.copyOf(state, 2 * state.length);
    }
    final int mask = keys.length - 1;
    int h = (i * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(keys.length));
    while (keys[h] != 0) {
      h = (h + 1) & mask;
    }
    keys[h] = i + 1;
    slotOf[h] = slots;
    final int b = SLOT * slots;
    final double n = shared.state[OWNER_STRIDE * i + 1];
    state[b] = shared.state[OWNER_STRIDE * i];
    state[b + 1] = n;
    state[b + 2] = Math.sqrt(n);
    state[b + 3] = 0.0;
    slots++;
    return b;
  }

  private void growTable() {
    final int[] oldKeys = keys;
    final int[] oldSlots = slotOf;
    keys = new int[2 * oldKeys.length];
    slotOf = new int[2 * oldKeys.length];
    final int mask = keys.length - 1;
    final int shift = 32 - Integer.numberOfTrailingZeros(keys.length);
    for (int h = 0; h < oldKeys.length; h++) {
      if (oldKeys[h] != 0) {
        int g = ((oldKeys[h] - 1) * 0x9E3779B9) >>> shift;
        while (keys[g] != 0) {
          g = (g + 1) & mask;
        }
        keys[g] = oldKeys[h];
        slotOf[g] = oldSlots[h];
      }
    }
  }

  /** A state with the given accumulators (copied), e.g. to resume or to test from a known point. */
  public static FtrlOptimizer withState(FtrlHyperParams hyper, double[] z, double[] n, int numRegularized) {
    if (z.length != n.length) {
      throw new IllegalArgumentException("Dimension mismatch: z has " + z.length + " entries, n has " + n.length);
    }
    FtrlOptimizer out = new FtrlOptimizer(hyper, z.length, numRegularized);
    for (int i = 0; i < z.length; i++) {
      if (!(n[i] >= 0) || !Double.isFinite(n[i]) || !Double.isFinite(z[i])) {
        throw new IllegalArgumentException(
            "State MUST be finite with n >= 0, but got z = " + z[i] + ", n = " + n[i] + " at " + i);
      }
      out.state[OWNER_STRIDE * i] = z[i];
      out.state[OWNER_STRIDE * i + 1] = n[i];
    }
    return out;
  }

  /**
   * A warm start whose weights are {@code w} (algorithms.md section 6.4, fix b): n = 0 and
   * z = -w ((beta + sqrt(0)) / alpha + l2) - sgn(w) l1, so the closed form gives back w. Needs
   * beta / alpha + l2 &gt; 0 for any nonzero weight (otherwise no z represents it).
   */
  public static FtrlOptimizer withWeights(FtrlHyperParams hyper, double[] w, int numRegularized) {
    FtrlOptimizer out = new FtrlOptimizer(hyper, w.length, numRegularized);
    for (int i = 0; i < w.length; i++) {
      if (w[i] == 0.0) {
        continue;
      }
      final double denominator = out.denominator(i);
      if (!(denominator > 0)) {
        throw new IllegalArgumentException("An FTRL warm start needs beta / alpha + l2 > 0, but beta = "
            + hyper.beta() + ", l2 = " + hyper.l2());
      }
      final double l1 = i < numRegularized ? hyper.l1() : 0.0;
      out.state[OWNER_STRIDE * i] = -w[i] * denominator - Math.signum(w[i]) * l1;
    }
    return out;
  }

  /** Serialized form: hyperparameters, z and n (a view's with the shared values where it wrote none). */
  private Object writeReplace() {
    final double[] z = new double[dimension];
    final double[] n = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      z[i] = z(i);
      n[i] = n(i);
    }
    return new Compact(hyper, z, n, numRegularized);
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("FtrlOptimizer is serialized through its compact form");
  }

  private static final class Compact implements Serializable {
    private static final long serialVersionUID = 1L;
    private final FtrlHyperParams hyper;
    private final double[] z;
    private final double[] n;
    private final int numRegularized;

    Compact(FtrlHyperParams hyper, double[] z, double[] n, int numRegularized) {
      this.hyper = hyper;
      this.z = z;
      this.n = n;
      this.numRegularized = numRegularized;
    }

    private Object readResolve() {
      return withState(hyper, z, n, numRegularized);
    }
  }

  /** An independent copy of this state (same hyperparameters; a view copies its slots and shares the same state). */
  @Override
  public FtrlOptimizer copy() {
    return shared == null ? new FtrlOptimizer(hyper, state.clone(), numRegularized) : new FtrlOptimizer(shared, this);
  }

  public FtrlHyperParams hyper() {
    return hyper;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int numRegularized() {
    return numRegularized;
  }

  /** FTRL has no global step: its state is per coordinate only, so this does nothing. */
  @Override
  public void endStep() {}

  public double z(int i) {
    if (shared == null) {
      return state[OWNER_STRIDE * i];
    }
    final int b = find(i);
    return b >= 0 ? state[b] : shared.state[OWNER_STRIDE * i];
  }

  public double n(int i) {
    if (shared == null) {
      return state[OWNER_STRIDE * i + 1];
    }
    final int b = find(i);
    return b >= 0 ? state[b + 1] : shared.state[OWNER_STRIDE * i + 1];
  }

  private double sqrtN(int i) {
    if (shared != null) {
      final int b = find(i);
      if (b >= 0) {
        return state[b + 2];
      }
    }
    return Math.sqrt(n(i));
  }

  /**
   * Adds {@code c} to coordinate i's contraction, the merge bookkeeping a pass keeps in its view's slot
   * ({@link #mergeContractions}); a new slot starts at 0.
   *
   * @return whether the contraction was 0 before, i.e. (for c &gt; 0) the first touch in this pass
   * @throws IllegalStateException on the shared state, which keeps no contractions
   */
  public boolean addContraction(int i, double c) {
    requireView();
    final int b = slot(i) + 3;
    final boolean first = state[b] == 0.0;
    state[b] += c;
    return first;
  }

  /** The contraction {@link #addContraction} accumulated for coordinate i (0 on the shared state). */
  public double contraction(int i) {
    if (shared == null) {
      return 0.0;
    }
    final int b = find(i);
    return b >= 0 ? state[b + 3] : 0.0;
  }

  private void requireView() {
    if (shared == null) {
      throw new IllegalStateException("A pass updates a privateView() of the shared FTRL state, not the state itself");
    }
  }

  /** The weight of coordinate {@code i}, a pure function of its (z, n). */
  @Override
  public double weight(int i) {
    final double zi;
    final double sqrtN;
    final int b = shared == null ? -1 : find(i);
    if (b >= 0) {
      zi = state[b];
      sqrtN = state[b + 2];
    } else {
      final double[] owner = shared == null ? state : shared.state;
      zi = owner[OWNER_STRIDE * i];
      sqrtN = Math.sqrt(owner[OWNER_STRIDE * i + 1]);
    }
    final double adaptive = (beta + sqrtN) / alpha;
    if (i >= numRegularized) {
      return -zi / adaptive;
    }
    if (Math.abs(zi) <= l1) {
      return 0.0;
    }
    return -(zi - Math.signum(zi) * l1) / (adaptive + l2);
  }

  /**
   * One FTRL step on coordinate {@code i}. Passes step a {@link #privateView()} (its slot caches sqrt(n));
   * stepping the shared state itself (tests, single-threaded use) recomputes sqrt(n) instead.
   *
   * @param g the step loss's gradient with respect to w_i
   * @param w the weight the gradient was computed at, i.e. {@link #weight(int)} read this step
   */
  @Override
  public void update(int i, double g, double w) {
    if (shared == null) {
      final int b = OWNER_STRIDE * i;
      final double nOld = state[b + 1];
      final double nNew = nOld + g * g;
      state[b] += g - (Math.sqrt(nNew) - Math.sqrt(nOld)) / alpha * w;
      state[b + 1] = nNew;
      return;
    }
    final int b = slot(i);
    final double nNew = state[b + 1] + g * g;
    final double sqrtNew = Math.sqrt(nNew);
    final double sigma = (sqrtNew - state[b + 2]) / alpha;
    state[b] += g - sigma * w;
    state[b + 1] = nNew;
    state[b + 2] = sqrtNew;
  }

  /**
   * The step size 1 / ((beta + sqrt(n)) / alpha + l2) coordinate i has now: a step with gradient g
   * moves the (unthresholded) weight by about -g times it.
   */
  public double stepSize(int i) {
    return 1.0 / denominator(i);
  }

  /**
   * The weight before L1 thresholding, u = -z / ((beta + sqrt(n)) / alpha + l2), so that
   * w = soft(u, l1 / ((beta + sqrt(n)) / alpha + l2)). It is the quantity in which partitions'
   * results are merged ({@link #mergeContractions}).
   */
  public double unthresholdedWeight(int i) {
    return -z(i) / denominator(i);
  }

  private double denominator(int i) {
    final double adaptive = (beta + sqrtN(i)) / alpha;
    return i >= numRegularized ? adaptive : adaptive + l2;
  }

  /**
   * Merges the passes of P partitions that all started from this state, for the coordinates
   * {@code indices[0, count)}. Per coordinate, the partitions' sums: {@code dn} of their increments of
   * n, {@code du} of their changes of the {@link #unthresholdedWeight} u, {@code kappa} of their
   * contractions kappa_p and {@code shrink} of 1 - exp(-kappa_p). A partition's contraction of a
   * coordinate is the sum, over its rows that have the coordinate, of the fraction by which that row's
   * step moved the row's margin toward the loss's minimum, to first order: the loss's curvature on the
   * margin times sum_k x_k^2 {@link #stepSize}(k) over the row's coordinates.
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
   * When no partition converges (kappa small) this is the plain sum of the changes, what a serial
   * pass does in its linear regime; when every partition converges it is their mean, the serial
   * pass's fixed point; a coordinate only one partition touched gets that partition's state; with one
   * partition the merge gives back its state (up to rounding). The weight follows from z by the
   * closed form, so the L1 threshold applies to the merged state and exact zeros survive.
   *
   * <p>Why not sum the increments of z as algorithms.md section 10 (pattern 2) suggests: each
   * partition corrects the shared start toward the optimum, and P summed corrections overshoot about
   * P-fold; on the Criteo sample, 8 partitions and 3 epochs fell to test AUC 0.58 against 0.746 for
   * one. Plain averaging of u is stable but undershoots P-fold in the linear regime (AUC 0.013 lower
   * than one partition on 4 partitions of the synthetic test data). Counting only each coordinate's
   * own contraction (x_j^2 stepSize(j) instead of the row's sum) misses that the row's coordinates
   * correct one shared residual together, and diverged like the plain sum from the third epoch on.
   * With the row's contraction, the Criteo sample's test AUC after 3 epochs is 0.7456 (1 partition),
   * 0.7441, 0.7423 and 0.7373 (2, 4, 8); after 6 epochs 0.7440, 0.7444, 0.7445, 0.7412.
   */
  public void mergeContractions(int[] indices, int count, double[] dn, double[] du, double[] kappa,
      double[] shrink) {
    if (shared != null) {
      throw new IllegalStateException("Passes merge into the shared FTRL state, not into a view");
    }
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      final int b = OWNER_STRIDE * i;
      if (shrink[k] > 0) {
        final double u0 = unthresholdedWeight(i);
        final double u = u0 + -Math.expm1(-kappa[k]) * du[k] / shrink[k];
        state[b + 1] += dn[k];
        state[b] = -u * denominator(i);
      } else {
        state[b + 1] += dn[k]; // touched with zero curvature: only a zero gradient can do that
      }
    }
  }

  /** Writes every coordinate's weight into {@code out} (length {@link #dimension()}). */
  @Override
  public void weights(double[] out) {
    if (out.length != dimension()) {
      throw new IllegalArgumentException(
          "Dimension mismatch: optimizer has " + dimension() + ", buffer " + out.length);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }
}
