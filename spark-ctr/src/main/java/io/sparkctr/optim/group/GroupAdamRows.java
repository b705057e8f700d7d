package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;
import java.util.Arrays;

/**
 * Group Adam over parameter rows: the row form of {@link GroupAdamOptimizer} (algorithms.md section 7.2), lazy
 * Adam in dual (FTRL) form with a sparse-group-lasso threshold per row.
 *
 * <p>References: Y. Yue et al., "Adaptive Optimizers with Sparse Group Lasso for Neural Networks in CTR
 * Prediction", ECML-PKDD 2021 (https://arxiv.org/abs/2107.14432); the kernel followed is Ant Group's tfplus
 * {@code KvVariableGroupSparseApplyAdamV4} (the default {@code version = 4}). Strengths scaled by the
 * learning rate, L1 = l1 lr, L2 = l2 lr, L21 = l21 lr sqrt(d); at global step t (1-based, counting every
 * step), per parameter of a stepped row:
 *
 * <pre>
 *   alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m      = beta1 m + (1 - beta1) g
 *   v_new  = beta2 v + (1 - beta2) g^2
 *   z     += alpha_t m - (sqrt(v_new) - sqrt(v)) w     after the parameter's first update
 *   z     += alpha_t m - (sqrt(v_new) + eps) w         at its first update (z = m = v = 0 before)
 *   v      = v_new
 * </pre>
 *
 * and the weights of a row of width d from its (z, v): {@code s = -soft(z, L1)}; {@code w = 0} if
 * {@code ||s||_2 <= L21}, else {@code s (1 - L21 / ||s||_2) / (sqrt(v) + eps + 2 L2)} (elementwise). A width-1
 * row of a penalised table is a singleton ({@code -soft(soft(z, L1), l21 lr) / den}, as the double form's
 * singletons); rows of an unpenalised table (the intercept) get plain Adam, {@code w = -z / (sqrt(v) + eps)}.
 * A parameter not yet updated reads its start weight (a warm start, a random factor), unpenalised. The double
 * form's departures from tfplus hold here (the first-update branch is taken per parameter, so a start
 * weight survives the first update whatever the global step; singletons in the soft-soft form; the intercept
 * unpenalised).
 *
 * <p>Row of width W: {@code [w_0..w_{W-1} | m_0.. | s_0.. | z_0..]}, s = sqrt(v): 16 bytes per parameter and
 * nothing per row; a pass's view adds one float per row (whether the pass stepped it, for the merge). The
 * double form's per-parameter "updated" flag and start weight take no room: a parameter whose z, m and s are
 * all 0 reads the weight float it holds (its start weight), any other the closed form. The two readings
 * differ only where the flag is set with z = m = v = 0, which needs a zero start weight and zero gradients,
 * and then both give 0, and both give the same next step (the first-update branch moves z by
 * {@code (sqrt(v_new) + eps) w = 0 + eps * 0}). A step computes in double from the float state and rounds m,
 * s and z once each; the rebase uses the stored (rounded) s, so z stays consistent with it; the row's weights
 * are recomputed in double at the end of its step and stored, so a read is free.
 *
 * <p>Lazy: as in the double form (and tfplus, and TensorFlow's LazyAdam), a row that is not stepped keeps its
 * m, v and z, hence its weights, so there is no per-row clock and no catch-up; bias correction uses the global
 * step counter t, kept in this object (advanced by {@link #endStep} and by the merge; {@link #copy} is
 * independent). Every row given to {@link #update} is stepped, a zero gradient included (Adam's momentum moves
 * it), as the double form steps every coordinate it is given; the pass leaves rows it must not move (outside
 * a refit's support) out of the call.
 *
 * <p>Merge ({@link Moments}, as {@link GroupAdamMerge}): moments averaged over the partitions that stepped the
 * row, unthresholded weight changes summed, global steps summed. No step-size decay
 * ({@link #withStepSizeScaled} stays null: the double form has none).
 */
public final class GroupAdamRows implements RowOptimizer<GroupAdamRows> {
  private static final long serialVersionUID = 1L;

  private final GroupAdamHyperParams hyper;
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  /** L1 = l1 lr. */
  private final double scaledL1;
  /** 2 L2 = 2 l2 lr. */
  private final double twoScaledL2;
  /** l21 lr; a row of width d is thresholded at l21 lr sqrt(d). */
  private final double scaledL21;
  /** Steps ended so far; the current step is t + 1. */
  private long t;
  /** alpha_{t+1}, the current step's bias-corrected rate. */
  private double stepSize;

  public GroupAdamRows(GroupAdamHyperParams hyper) {
    this(hyper, 0L);
  }

  private GroupAdamRows(GroupAdamHyperParams hyper, long t) {
    this.hyper = hyper;
    this.learningRate = hyper.learningRate();
    this.beta1 = hyper.beta1();
    this.beta2 = hyper.beta2();
    this.epsilon = hyper.epsilon();
    this.scaledL1 = hyper.l1() * learningRate;
    this.twoScaledL2 = 2.0 * hyper.l2() * learningRate;
    this.scaledL21 = hyper.l21() * learningRate;
    this.t = t;
    this.stepSize = rate(t + 1);
  }

  private double rate(long step) {
    return learningRate * Math.sqrt(1.0 - Math.pow(beta2, step)) / (1.0 - Math.pow(beta1, step));
  }

  public GroupAdamHyperParams hyper() {
    return hyper;
  }

  @Override
  public String name() {
    return "groupAdam";
  }

  @Override
  public int stride(int width) {
    return 4 * width;
  }

  @Override
  public int viewExtra(int width) {
    return 1; // whether the pass stepped the row
  }

  @Override
  public boolean clocked() {
    return false;
  }

  /** The start weights w0 as they are, z = m = v = 0 (the double form's {@code withWeights}). */
  @Override
  public void initRow(RowStore store, int off, int width, boolean penalized, double[] w0, int from) {
    final float[] d = store.data();
    for (int c = 0; c < width; c++) {
      final double w = w0 == null ? 0.0 : w0[from + c];
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("GroupAdam initial weights MUST be finite, but got " + w);
      }
      d[off + c] = (float) w;
    }
    Arrays.fill(d, off + width, off + 4 * width, 0f);
  }

  /** Whether the parameter at {@code at} (its weight's index) has been updated: its z, m or s is nonzero. */
  private static boolean updated(float[] d, int at, int width) {
    return d[at + 3 * width] != 0f || d[at + width] != 0f || d[at + 2 * width] != 0f;
  }

  private double denominator(double s, boolean penalized) {
    return s + epsilon + (penalized ? twoScaledL2 : 0.0);
  }

  /** The row's weights from its (z, s), in double; a parameter not yet updated keeps its start weight. */
  private void weights(float[] d, int off, int width, boolean penalized) {
    final int so = off + 2 * width;
    final int zo = off + 3 * width;
    if (!penalized) {
      for (int c = 0; c < width; c++) {
        if (updated(d, off + c, width)) {
          final double z = d[zo + c];
          d[off + c] = z == 0.0 ? 0f : (float) (-z / (d[so + c] + epsilon));
        }
      }
      return;
    }
    if (width == 1) {
      if (updated(d, off, 1)) {
        final double a = OptimizerChecks.soft(OptimizerChecks.soft(d[zo], scaledL1), scaledL21);
        d[off] = a == 0.0 ? 0f : (float) (-a / (d[so] + epsilon + twoScaledL2));
      }
      return;
    }
    double sumSq = 0.0;
    for (int c = 0; c < width; c++) {
      final double s = OptimizerChecks.soft(d[zo + c], scaledL1); // 0 for a parameter not yet updated
      sumSq += s * s;
    }
    final double norm = Math.sqrt(sumSq);
    final double threshold = scaledL21 * Math.sqrt(width);
    final double factor = norm > threshold ? 1.0 - threshold / norm : 0.0;
    for (int c = 0; c < width; c++) {
      if (updated(d, off + c, width)) {
        final double s = -OptimizerChecks.soft(d[zo + c], scaledL1);
        d[off + c] = factor == 0.0 || s == 0.0 ? 0f : (float) (s * factor / (d[so + c] + epsilon + twoScaledL2));
      }
    }
  }

  /**
   * The weight before the L1 and group thresholds, u = -z / (sqrt(v) + eps + 2 L2) (no 2 L2 unpenalised); the
   * start weight for a parameter not yet updated ({@link GroupAdamOptimizer#unthresholdedWeight}).
   */
  private double unthresholdedWeight(float[] d, int at, int width, boolean penalized) {
    return updated(d, at, width) ? -d[at + 3 * width] / denominator(d[at + 2 * width], penalized) : d[at];
  }

  @Override
  public void read(RowStore store, int[] offsets, int count, int width, boolean penalized) {
    // The weights are stored and current: nothing to catch up.
  }

  @Override
  public double update(RowStore store, int[] offsets, int count, int width, boolean penalized, double multiplier,
      double[] derivatives) {
    final float[] d = store.data();
    final boolean view = store.isView();
    for (int k = 0, p = 0; k < count; k++, p += width) {
      final int off = offsets[k];
      for (int c = 0; c < width; c++) {
        final int at = off + c;
        final double g = multiplier * derivatives[p + c];
        final double m = d[at + width];
        final double s = d[at + 2 * width];
        final double mNew = beta1 * m + (1.0 - beta1) * g;
        final float sNew = (float) Math.sqrt(beta2 * s * s + (1.0 - beta2) * g * g);
        // The first update moves w's representation from "start weight" to z over sqrt(v) + eps.
        final double rebase = updated(d, at, width) ? sNew - s : sNew + epsilon;
        d[at + 3 * width] = (float) (d[at + 3 * width] + stepSize * mNew - rebase * d[at]);
        d[at + width] = (float) mNew;
        d[at + 2 * width] = sNew;
      }
      weights(d, off, width, penalized);
      if (view) {
        d[off + 4 * width] = 1f;
      }
    }
    return 0.0;
  }

  /** Ends the step: advances the global step counter and the bias-corrected rate. */
  @Override
  public void endStep() {
    t++;
    stepSize = rate(t + 1);
  }

  /** Steps ended so far (the bias correction's t is this plus 1 during a step). */
  @Override
  public long steps() {
    return t;
  }

  private void advanceSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("GroupAdam step increment MUST be >= 0, but got " + steps);
    }
    t += steps;
    stepSize = rate(t + 1);
  }

  @Override
  public GroupAdamRows copy() {
    return new GroupAdamRows(hyper, t);
  }

  @Override
  public RowMerge<GroupAdamRows> merge() {
    return new Moments();
  }

  /**
   * Group Adam's merge, as {@link GroupAdamMerge} (read its comment for the reasons): per row a pass stepped
   * (its view's mark; a row it only touched is left out), 1 (a partition count) and per parameter its end z,
   * u ({@link GroupAdamOptimizer#unthresholdedWeight}), m and v. With c the partitions that stepped the row:
   *
   * <pre>
   *   c = 1:  (z, m, v) = that partition's end state (v sent as the float of s^2)
   *   c &gt; 1:  m = mSum / c,  v = vSum / c,  u = uSum - (c - 1) u0,  z = -u (sqrt(v) + eps + 2 L2)
   * </pre>
   *
   * and the row's weights follow by the closed form, so exact zeros and zero rows survive; the global step
   * advances by the steps all partitions ran. The parameters count as updated afterwards: one whose merged
   * z, m and s are all 0 gets the merged u as its weight (its start weight for c = 1 if its partition never
   * moved it; 0 otherwise, the double form's closed form at z = 0).
   */
  static final class Moments implements RowMerge<GroupAdamRows> {
    private static final long serialVersionUID = 1L;

    @Override
    public int valuesPerRow(int width) {
      return 1 + 4 * width; // partitions that stepped; sums of their z, u, m, v
    }

    @Override
    public RowDelta increments(GroupAdamRows pass, RowStore view, int width, boolean penalized) {
      final RowStore.Touched touched = view.touched();
      final int v = valuesPerRow(width);
      final float[] a = view.data();
      int stepped = 0;
      for (int off : touched.offsets()) {
        stepped += a[off + 4 * width] != 0f ? 1 : 0;
      }
      final int[] rows = new int[stepped];
      final float[] out = new float[stepped * v];
      for (int k = 0, j = 0; k < touched.rows().length; k++) {
        final int ao = touched.offsets()[k];
        if (a[ao + 4 * width] == 0f) {
          continue;
        }
        rows[j] = touched.rows()[k];
        final int at = j * v;
        out[at] = 1f;
        for (int c = 0; c < width; c++) {
          final double s = a[ao + 2 * width + c];
          out[at + 1 + c] = a[ao + 3 * width + c];
          out[at + 1 + width + c] = (float) pass.unthresholdedWeight(a, ao + c, width, penalized);
          out[at + 1 + 2 * width + c] = a[ao + width + c];
          out[at + 1 + 3 * width + c] = (float) (s * s);
        }
        j++;
      }
      return new RowDelta(rows, out, v);
    }

    @Override
    public void apply(GroupAdamRows state, RowStore[] owners, int[] widths, boolean[] penalized, RowDelta[] summed,
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
          final double c = vals[at];
          if (!(c >= 1)) {
            continue; // no partition stepped it
          }
          for (int j = 0; j < width; j++) {
            final int w = off + j;
            final double zSum = vals[at + 1 + j];
            final double uSum = vals[at + 1 + width + j];
            final double mSum = vals[at + 1 + 2 * width + j];
            final double vSum = vals[at + 1 + 3 * width + j];
            final double u;
            if (c == 1.0) {
              u = uSum;
              d[w + width] = (float) mSum;
              d[w + 2 * width] = (float) Math.sqrt(vSum);
              d[w + 3 * width] = (float) zSum;
            } else {
              u = uSum - (c - 1) * state.unthresholdedWeight(d, w, width, penalized[t]);
              d[w + width] = (float) (mSum / c);
              final float s = (float) Math.sqrt(vSum / c);
              d[w + 2 * width] = s;
              d[w + 3 * width] = (float) (-u * state.denominator(s, penalized[t]));
            }
            if (!updated(d, w, width)) {
              d[w] = (float) u; // the merged weight of a parameter whose state reads as not yet updated
            }
          }
          state.weights(d, off, width, penalized[t]);
        }
      }
      state.advanceSteps(steps);
    }
  }
}
