package io.sparkctr.optim.sgd;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SteppedWeightOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * L1-regularised SGD by the subgradient method, lazy per coordinate: the textbook baseline the TG and
 * FTRL papers argue against (algorithms.md section 1).
 *
 * <p>Reference: the subgradient rule as stated in J. Langford, L. Li, T. Zhang, "Sparse Online
 * Learning via Truncated Gradient", JMLR 10, 2009, section 1, and in Y. Tsuruoka, J. Tsujii, S.
 * Ananiadou, "Stochastic Gradient Descent Training for L1-regularized Log-linear Models with
 * Cumulative Penalty", ACL 2009, section 3. Per coordinate at step s, with sgn(0) = 0:
 *
 * <pre>
 *   w &lt;- w - eta_s (g + l1 sgn(w) + l2 w)        penalty l1 ||w||_1 + (l2/2) ||w||^2
 * </pre>
 *
 * <p>It is implemented faithfully, without clipping at zero: when |w| &lt; eta l1 a step overshoots
 * zero and w oscillates in sign, so exact zeros are rare. (Clipping would make it TG/FOBOS.)
 *
 * <p>Lazy form: a coordinate not updated at step s receives the penalty part only,
 * w &lt;- w - eta_s (l1 sgn(w) + l2 w). Each coordinate remembers the last step it is current for.
 * On read, for k missed steps:
 *
 * <ul>
 *   <li>constant schedule and l2 = 0, O(1): with a = eta l1, |w| falls by a per step for
 *       n = floor(|w| / a) steps, to r = |w| - n a in [0, a); after that w alternates between
 *       sgn(w) r and sgn(w) (r - a), so the parity of k - n decides (r = 0 stays 0);
 *   <li>otherwise (l2 &gt; 0 or the invSqrt schedule) the k penalty-only steps are replayed one by one,
 *       O(k) per read, stopping early at an exact 0 (a fixed point). A coordinate's replays over a run
 *       cost at most the number of steps, so a pass costs at most what the eager form costs, and far
 *       less for coordinates read often. (Constant eta with l2 &gt; 0 also has a closed form, an affine
 *       recursion in |w| until the first sign change, then x &lt;- eta l1 - (1 - eta l2) x; the replay
 *       is exact there too, and simpler.)
 * </ul>
 *
 * Lazy and eager agree up to rounding, except at exact ties (|w| an exact multiple of eta l1 in
 * floating point), where rounding decides whether the sequence lands on 0 and stays there.
 *
 * <p>Departures: the intercept (coordinates &gt;= numRegularized) gets plain SGD steps.
 */
public final class L1SgdOptimizer extends SteppedWeightOptimizer {
  private static final long serialVersionUID = 1L;

  private final L1SgdHyperParams hyper;
  private final double l1;
  private final double l2;
  /** Per coordinate, the number of ended steps w[i] reflects. */
  private final long[] last;

  public L1SgdOptimizer(L1SgdHyperParams hyper, int dimension, int numRegularized) {
    super(hyper.eta0(), hyper.schedule(), dimension, numRegularized);
    this.hyper = hyper;
    this.l1 = hyper.l1();
    this.l2 = hyper.l2();
    this.last = new long[dimension];
  }

  /**
   * A warm start from {@code initialWeights} (copied; its length is the dimension), current as of
   * step 0.
   */
  public L1SgdOptimizer(L1SgdHyperParams hyper, double[] initialWeights, int numRegularized) {
    this(hyper, OptimizerChecks.checkInitialWeights("L1-SGD", initialWeights).length, numRegularized);
    startFrom(initialWeights);
  }

  private L1SgdOptimizer(L1SgdOptimizer o) {
    super(o);
    this.hyper = o.hyper;
    this.l1 = o.l1;
    this.l2 = o.l2;
    this.last = o.last.clone();
  }

  public L1SgdHyperParams hyper() {
    return hyper;
  }

  @Override
  public double weight(int i) {
    if (last[i] < t) {
      if (i < numRegularized) {
        w[i] = catchUp(w[i], last[i], t);
      }
      last[i] = t;
    }
    return w[i];
  }

  private double catchUp(double wi, long from, long to) {
    return catchUp(wi, from, to, eta0, schedule, l1, l2);
  }

  /**
   * w after the penalty-only steps {@code from + 1 .. to} (the lazy form above): the one implementation, which
   * {@link L1SgdRows} shares.
   */
  static double catchUp(double wi, long from, long to, double eta0, LearningRateSchedule schedule, double l1,
      double l2) {
    if (wi == 0.0 || (l1 == 0.0 && l2 == 0.0)) {
      return wi; // sgn(0) = 0 and l2 * 0 = 0: zero is a fixed point
    }
    if (schedule == LearningRateSchedule.CONSTANT && l2 == 0.0) {
      final double a = eta0 * l1;
      final long k = to - from;
      final double m = Math.abs(wi);
      final double sign = Math.signum(wi);
      final double steps = Math.floor(m / a); // steps of pure decrease
      if (k <= steps) {
        return sign * (m - k * a);
      }
      long n = (long) steps;
      double r = m - n * a;
      if (r >= a) { // m / a rounded down across an integer
        n++;
        r = m - n * a;
      }
      if (r == 0.0) {
        return 0.0;
      }
      return ((k - n) & 1L) == 0 ? sign * r : sign * (r - a);
    }
    double v = wi;
    for (long s = from + 1; s <= to && v != 0.0; s++) {
      v -= schedule.rate(eta0, s) * (l1 * Math.signum(v) + l2 * v);
    }
    return v;
  }

  @Override
  public void update(int i, double g, double wi) {
    assert last[i] == t : "weight(" + i + ") must be read before update in a step, once";
    final double eta = schedule.rate(eta0, t + 1);
    final double penalty = i < numRegularized ? l1 * Math.signum(wi) + l2 * wi : 0.0;
    w[i] = wi - eta * (g + penalty);
    last[i] = t + 1;
  }

  @Override
  public void mergeWeight(int i, double wi) {
    update(i, 0.0, wi); // the step's penalty or proximal part, with a zero gradient
  }

  @Override
  public void endStep() {
    t++;
  }

  @Override
  public L1SgdOptimizer withStepSizeScaled(double factor) {
    return new L1SgdOptimizer(new L1SgdHyperParams(hyper.eta0() * factor, hyper.schedule(), hyper.l1(), hyper.l2()), currentWeights(), numRegularized);
  }

  @Override
  public L1SgdOptimizer copy() {
    return new L1SgdOptimizer(this);
  }
}
