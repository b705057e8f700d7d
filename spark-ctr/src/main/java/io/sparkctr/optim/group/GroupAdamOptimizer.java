package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.SparseOnlineOptimizer;
import java.util.Arrays;

/**
 * Group Adam: lazy Adam in dual (FTRL) form with a sparse-group-lasso threshold per embedding row
 * (algorithms.md section 7.2).
 *
 * <p>References: Y. Yue et al., "Adaptive Optimizers with Sparse Group Lasso for Neural Networks in CTR
 * Prediction", ECML-PKDD 2021 (https://arxiv.org/abs/2107.14432); the kernel followed is Ant Group's
 * tfplus {@code KvVariableGroupSparseApplyAdamV4} (the default {@code version = 4}). The strengths are
 * scaled by the learning rate, L1 = l1 lr, L2 = l2 lr, L21 = l21 lr sqrt(d). At global step t (1-based,
 * counting every step, also those without the coordinate), per updated coordinate i:
 *
 * <pre>
 *   alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m_i     = beta1 m_i + (1 - beta1) g_i
 *   v_new   = beta2 v_i + (1 - beta2) g_i^2
 *   z_i    += alpha_t m_i - (sqrt(v_new) - sqrt(v_i)) w_i      after the coordinate's first update
 *   z_i    += alpha_t m_i - (sqrt(v_new) + eps) w_i            at its first update (z = v = 0 before)
 *   v_i     = v_new
 * </pre>
 *
 * and the weights of a row r of d coordinates, from its (z, v):
 *
 * <pre>
 *   s   = -soft(z_r, L1)
 *   w_r = 0                                           if ||s||_2 &lt;= L21
 *       = s (1 - L21 / ||s||_2) / (sqrt(v_r) + eps + 2 L2)   otherwise (elementwise division)
 * </pre>
 *
 * With l1 = l2 = l21 = 0 this is TensorFlow's Adam in its epsilon-hat form, w -= alpha_t m / (sqrt(v) + eps),
 * restricted to the updated coordinates (algorithms.md section 11.7 checks it to 1e-8).
 *
 * <p>Departures from tfplus: (1) tfplus takes its first-step branch when the <em>global</em> step is 1;
 * we take it at each coordinate's <em>first update</em>. Both agree on a row touched at step 1. For a row
 * first touched later, tfplus's other branch re-bases only by sqrt(v_new) w, so the row keeps just
 * sqrt(v_new) / (sqrt(v_new) + eps) of its initial weight: nearly all of it for an ordinary gradient, none
 * of it for a zero first gradient (and little for |g| near eps / sqrt(1 - beta2)). Ours keeps it exactly,
 * so a warm start or a random FM init survives for every row: {@link #withWeights} just stores the
 * weights and leaves z = m = v = 0. A coordinate not yet updated reads its initial weight, unpenalised,
 * and adds nothing to its row's norm (its z is 0).
 * (2) The unit of an update is a coordinate, not a row; a trainer that updates whole rows (as an FM's
 * factors are) gets tfplus's row semantics, and a coordinate of a row that is not updated keeps its m,
 * v and z. (3) Singleton groups use the algebraically equal {@code -soft(soft(z, L1), L21) / den}.
 * (4) Coordinates {@code >= numRegularized} (the intercept) get plain Adam with no penalty, as tfplus does
 * for ordinary variables.
 *
 * <p>Lazy Adam: an untouched coordinate's m, v and z do not change, so its weight does not either (as
 * in tfplus and TensorFlow's LazyAdam). This departs from the {@link SparseOnlineOptimizer} reading of an
 * untouched coordinate as a zero gradient, which for Adam would still decay m and move w. Bias
 * correction uses the global step counter, advanced by {@link #endStep()}. A read costs O(1): the row's
 * group factor is cached and recomputed in O(d) after one of the row's coordinates changed.
 */
public final class GroupAdamOptimizer implements SparseOnlineOptimizer {
  private static final long serialVersionUID = 1L;

  private final GroupAdamHyperParams hyper;
  private final GroupLayout layout;
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  /** L1 = l1 lr. */
  private final double scaledL1;
  /** 2 L2 = 2 l2 lr. */
  private final double twoScaledL2;
  /** l21 lr, the singletons' threshold. */
  private final double scaledL21;
  /** L21 = l21 lr sqrt(d), the rows' threshold on ||s||. */
  private final double rowThreshold;
  private final int numRegularized;
  private final int groupStart;
  private final int groupSize;
  private final boolean grouped;
  /** The first moment m_i. */
  private final double[] m;
  /** The second moment v_i. */
  private final double[] v;
  /** sqrt(v_i), kept so that a step takes one square root and a read none. */
  private final double[] sqrtV;
  /** z_i, the dual (FTRL) form of the weight: w = -z / (sqrt(v) + eps + 2 L2) before thresholds. */
  private final double[] z;
  /** Whether coordinate i has been updated at least once (its first-update branch is taken). */
  private final boolean[] updated;
  /** The weights of coordinates not yet updated: a warm start (null: all zero). */
  private final double[] initial;
  /** Per row, the cached group factor (1 - L21 / ||s||)_+; NaN when stale. */
  private final double[] rowFactor;
  /** Steps ended so far; the current step is t + 1. */
  private long t;
  /** alpha_{t+1} = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1)), the current step's bias-corrected rate. */
  private double stepSize;

  /**
   * The zero start: every weight 0, m = v = z = 0, global step 0.
   *
   * @param layout the coordinates' groups, {@code [0, layout.numRegularized())} penalised
   */
  public GroupAdamOptimizer(GroupAdamHyperParams hyper, GroupLayout layout) {
    this(hyper, layout, null);
  }

  private GroupAdamOptimizer(GroupAdamHyperParams hyper, GroupLayout layout, double[] initial) {
    this.hyper = hyper;
    this.layout = layout;
    this.learningRate = hyper.learningRate();
    this.beta1 = hyper.beta1();
    this.beta2 = hyper.beta2();
    this.epsilon = hyper.epsilon();
    this.scaledL1 = hyper.l1() * learningRate;
    this.twoScaledL2 = 2.0 * hyper.l2() * learningRate;
    this.scaledL21 = hyper.l21() * learningRate;
    this.rowThreshold = scaledL21 * Math.sqrt(layout.groupSize());
    this.numRegularized = layout.numRegularized();
    this.groupStart = layout.groupStart();
    this.groupSize = layout.groupSize();
    this.grouped = layout.groupSize() > 1 && layout.numRows() > 0;
    final int dimension = layout.dimension();
    this.m = new double[dimension];
    this.v = new double[dimension];
    this.sqrtV = new double[dimension];
    this.z = new double[dimension];
    this.updated = new boolean[dimension];
    this.initial = initial;
    this.rowFactor = new double[grouped ? layout.numRows() : 0];
    Arrays.fill(rowFactor, Double.NaN);
    this.t = 0;
    this.stepSize = rate(1);
  }

  private GroupAdamOptimizer(GroupAdamOptimizer o) {
    this.hyper = o.hyper;
    this.layout = o.layout;
    this.learningRate = o.learningRate;
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
    this.scaledL1 = o.scaledL1;
    this.twoScaledL2 = o.twoScaledL2;
    this.scaledL21 = o.scaledL21;
    this.rowThreshold = o.rowThreshold;
    this.numRegularized = o.numRegularized;
    this.groupStart = o.groupStart;
    this.groupSize = o.groupSize;
    this.grouped = o.grouped;
    this.m = o.m.clone();
    this.v = o.v.clone();
    this.sqrtV = o.sqrtV.clone();
    this.z = o.z.clone();
    this.updated = o.updated.clone();
    this.initial = o.initial; // never written after construction: shared
    this.rowFactor = o.rowFactor.clone();
    this.t = o.t;
    this.stepSize = o.stepSize;
  }

  /**
   * A warm start whose weights are {@code w}: they are stored as the initial weights and z = m = v = 0.
   * Each coordinate keeps its weight until its first update, whose branch
   * {@code z = alpha_t m - (sqrt(v) + eps) w} carries it over (exactly Adam's step from w when
   * l1 = l2 = l21 = 0), whatever the global step is then.
   *
   * @param w the weights (copied), one per coordinate of the layout, finite
   * @param numRegularized must equal the layout's (the {@code OptimizerSpec} warm-start signature)
   */
  public static GroupAdamOptimizer withWeights(GroupAdamHyperParams hyper, GroupLayout layout, double[] w,
      int numRegularized) {
    layout.checkShape(w.length, numRegularized);
    return new GroupAdamOptimizer(hyper, layout, OptimizerChecks.checkInitialWeights("GroupAdam", w).clone());
  }

  private double rate(long step) {
    return learningRate * Math.sqrt(1.0 - Math.pow(beta2, step)) / (1.0 - Math.pow(beta1, step));
  }

  @Override
  public GroupAdamOptimizer copy() {
    return new GroupAdamOptimizer(this);
  }

  public GroupAdamHyperParams hyper() {
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

  /** Steps ended so far (the bias correction's t is this plus 1 during a step). */
  public long steps() {
    return t;
  }

  public double m(int i) {
    return m[i];
  }

  public double v(int i) {
    return v[i];
  }

  public double z(int i) {
    return z[i];
  }

  /** Whether coordinate i has been updated (otherwise it reads its initial weight). */
  public boolean isUpdated(int i) {
    return updated[i];
  }

  /** The weight coordinate i had before its first update (0 without a warm start). */
  public double initialWeight(int i) {
    return initial == null ? 0.0 : initial[i];
  }

  /**
   * The weight before the L1 and group thresholds, u = -z / (sqrt(v) + eps + 2 L2) (no 2 L2 for the
   * intercept); the initial weight for a coordinate not yet updated. It is the quantity in which the
   * partitions' weight changes are summed ({@link #mergePartitions}).
   */
  public double unthresholdedWeight(int i) {
    return updated[i] ? -z[i] / denominator(i) : initialWeight(i);
  }

  @Override
  public double weight(int i) {
    if (!updated[i]) {
      return initial == null ? 0.0 : initial[i];
    }
    final double zi = z[i];
    if (zi == 0.0) {
      return 0.0;
    }
    if (i >= numRegularized) {
      return -zi / (sqrtV[i] + epsilon);
    }
    if (grouped && i >= groupStart) {
      final int r = (i - groupStart) / groupSize;
      double factor = rowFactor[r];
      if (factor != factor) { // NaN: stale
        factor = RowThreshold.factor(z, groupStart + r * groupSize, groupSize, scaledL1, rowThreshold);
        rowFactor[r] = factor;
      }
      if (factor == 0.0) {
        return 0.0;
      }
      final double s = -OptimizerChecks.soft(zi, scaledL1);
      return s == 0.0 ? 0.0 : s * factor / (sqrtV[i] + epsilon + twoScaledL2);
    }
    final double a = OptimizerChecks.soft(OptimizerChecks.soft(zi, scaledL1), scaledL21);
    return a == 0.0 ? 0.0 : -a / (sqrtV[i] + epsilon + twoScaledL2);
  }

  /**
   * One Adam step on coordinate i at the current global step; its row's weights follow on the next read.
   *
   * @param g the step loss's gradient with respect to w_i
   * @param w the weight the gradient was computed at, i.e. {@link #weight(int)} read this step
   */
  @Override
  public void update(int i, double g, double w) {
    final double mNew = beta1 * m[i] + (1.0 - beta1) * g;
    final double vNew = beta2 * v[i] + (1.0 - beta2) * g * g;
    final double sqrtNew = Math.sqrt(vNew);
    // The first update moves w's representation from "initial weight" to z over sqrt(v) + eps.
    final double rebase = updated[i] ? sqrtNew - sqrtV[i] : sqrtNew + epsilon;
    z[i] += stepSize * mNew - rebase * w;
    m[i] = mNew;
    v[i] = vNew;
    sqrtV[i] = sqrtNew;
    updated[i] = true;
    if (grouped && i >= groupStart && i < numRegularized) {
      rowFactor[(i - groupStart) / groupSize] = Double.NaN;
    }
  }

  /** Ends the step: advances the global step counter and the bias-corrected rate. */
  @Override
  public void endStep() {
    t++;
    stepSize = rate(t + 1);
  }

  /**
   * Advances the global step counter by {@code steps} ended steps at once (a merge: the steps every
   * partition ran).
   */
  public void advanceSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("GroupAdam step increment MUST be >= 0, but got " + steps);
    }
    t += steps;
    stepSize = rate(t + 1);
  }

  @Override
  public void weights(double[] out) {
    OptimizerChecks.checkBuffer(z.length, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }

  /**
   * Merges the passes of several partitions that all started from this state ({@link GroupAdamMerge}).
   * For coordinate {@code indices[k]}, {@code k < count}, updated by c = {@code partitions[k]} partitions
   * whose end states sum to {@code zSum}, {@code uSum} ({@link #unthresholdedWeight}), {@code mSum} and
   * {@code vSum}:
   *
   * <pre>
   *   c = 1:  (z, m, v) = that partition's end state, bit for bit
   *   c &gt; 1:  m = mSum / c,  v = vSum / c,  u = u0 + sum_p (u_p - u0) = uSum - (c - 1) u0,
   *           z = -u (sqrt(v) + eps + 2 L2)
   * </pre>
   *
   * The coordinate counts as updated afterwards. The global step is advanced separately
   * ({@link #advanceSteps}).
   */
  public void mergePartitions(int[] indices, int count, double[] partitions, double[] zSum, double[] uSum,
      double[] mSum, double[] vSum) {
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      final double c = partitions[k];
      if (!(c >= 1)) {
        continue; // no partition updated it
      }
      if (c == 1.0) {
        z[i] = zSum[k];
        m[i] = mSum[k];
        v[i] = vSum[k];
        sqrtV[i] = Math.sqrt(v[i]);
      } else {
        final double u = uSum[k] - (c - 1) * unthresholdedWeight(i);
        m[i] = mSum[k] / c;
        v[i] = vSum[k] / c;
        sqrtV[i] = Math.sqrt(v[i]);
        z[i] = -u * denominator(i);
      }
      updated[i] = true;
      if (grouped && i >= groupStart && i < numRegularized) {
        rowFactor[(i - groupStart) / groupSize] = Double.NaN;
      }
    }
  }

  private double denominator(int i) {
    final double adaptive = sqrtV[i] + epsilon;
    return i >= numRegularized ? adaptive : adaptive + twoScaledL2;
  }
}
