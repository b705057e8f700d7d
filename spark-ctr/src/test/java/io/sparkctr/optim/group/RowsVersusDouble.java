package io.sparkctr.optim.group;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Drives a row optimizer and its double per-coordinate form through one random sparse stream, as a
 * factorization machine's tables: table 0 of {@code n} penalised rows of width 1 (linear weights), table 1 of
 * {@code n} penalised rows of width {@link #WIDTH} (factors), table 2 of one unpenalised row of width 1 (the
 * intercept). The double side's layout is {@code [n singletons | n rows of WIDTH | intercept]}, the
 * {@link GroupLayout} the double group optimizers are given.
 *
 * <p>Each step touches the intercept and each other row with a given probability (so some rows wait long
 * between touches), with derivatives uniform in (-2, 2), each 0 with probability 0.3; the multiplier pulls
 * the margin, computed from the double weights, toward that of a fixed sparse "true" model, so the weights
 * settle and the coordinates whose true weight is 0 get gradients averaging near 0 (exact zeros under L1
 * and group penalties). Both sides get the same gradients, and both update every touched row, one whose
 * derivatives are all 0 included.
 */
public final class RowsVersusDouble {
  public static final int WIDTH = 3;
  public static final int[] WIDTHS = {1, WIDTH, 1};
  public static final boolean[] PENALIZED = {true, true, false};

  public final int n;
  public final GroupLayout layout;
  /** The true model's weights, per coordinate of the layout. */
  private final double[] truth;

  /** {@code n} rows per penalised table; the true model from {@code seed}, half of its rows zero. */
  public RowsVersusDouble(int n, long seed) {
    this.n = n;
    this.layout = new GroupLayout(n + WIDTH * n + 1, n + WIDTH * n, n, WIDTH);
    this.truth = new double[layout.dimension()];
    final SplittableRandom random = new SplittableRandom(seed);
    for (int t = 0; t < 3; t++) {
      for (int r = 0; r < rows(t); r++) {
        final boolean zero = t < 2 && random.nextDouble() < 0.5;
        for (int c = 0; c < WIDTHS[t]; c++) {
          truth[coordinate(t, r, c)] = zero ? 0.0 : random.nextDouble(-1, 1);
        }
      }
    }
  }

  public int rows(int table) {
    return table == 2 ? 1 : n;
  }

  /** The layout's coordinate of parameter c of row r of table t. */
  public int coordinate(int table, int row, int c) {
    return table == 0 ? row : table == 1 ? n + WIDTH * row + c : n + WIDTH * n;
  }

  /**
   * A random start for the factor table (Gaussian, scale 0.1, factor row 1 all zero), zeros elsewhere; or
   * all zeros.
   */
  public double[] start(boolean random, long seed) {
    final double[] w = new double[layout.dimension()];
    if (random) {
      final SplittableRandom r = new SplittableRandom(seed);
      for (int row = 0; row < n; row++) {
        for (int c = 0; c < WIDTH; c++) {
          w[coordinate(1, row, c)] = row == 1 ? 0.0 : 0.1 * r.nextGaussian();
        }
      }
    }
    return w;
  }

  /** The owners of the three tables, every row started at {@code start}. */
  public RowStore[] owners(RowOptimizer<?> opt, double[] start) {
    final RowStore[] stores = new RowStore[3];
    for (int t = 0; t < 3; t++) {
      final int width = WIDTHS[t];
      stores[t] = new RowStore(rows(t), opt.stride(width), opt.clocked(), opt.viewExtra(width));
      final double[] row = new double[width];
      for (int r = 0; r < rows(t); r++) {
        for (int c = 0; c < width; c++) {
          row[c] = start[coordinate(t, r, c)];
        }
        opt.initRow(stores[t], stores[t].ownerOffset(r), width, PENALIZED[t], row, 0);
      }
    }
    return stores;
  }

  /** Views of the owners, for one pass. */
  public static RowStore[] views(RowStore[] owners) {
    final RowStore[] views = new RowStore[owners.length];
    for (int t = 0; t < owners.length; t++) {
      views[t] = owners[t].view();
    }
    return views;
  }

  /**
   * {@code steps} steps of the stream from {@code random} on both sides; the double side's updated
   * coordinates are added to {@code updated} (may be null).
   */
  public void drive(RowOptimizer<?> rows, RowStore[] stores, SparseOnlineOptimizer ref, SplittableRandom random,
      int steps, double touch, TreeSet<Integer> updated) {
    for (int s = 0; s < steps; s++) {
      step(rows, stores, ref, random, touch, updated);
    }
  }

  private void step(RowOptimizer<?> opt, RowStore[] stores, SparseOnlineOptimizer ref, SplittableRandom random,
      double touch, TreeSet<Integer> updated) {
    final int[][] touched = new int[3][];
    final int[][] offsets = new int[3][];
    final double[][] derivatives = new double[3][];
    double margin = 0.0;
    double target = 0.0;
    for (int t = 0; t < 3; t++) {
      final int width = WIDTHS[t];
      final int[] list = new int[rows(t)];
      int count = 0;
      for (int r = 0; r < rows(t); r++) {
        if (t == 2 || random.nextDouble() < touch) {
          list[count++] = r;
        }
      }
      touched[t] = java.util.Arrays.copyOf(list, count);
      offsets[t] = new int[count];
      stores[t].reserve(count);
      for (int k = 0; k < count; k++) {
        offsets[t][k] = stores[t].touch(touched[t][k]);
      }
      opt.read(stores[t], offsets[t], count, width, PENALIZED[t]);
      derivatives[t] = new double[count * width];
      for (int k = 0; k < count; k++) {
        for (int c = 0; c < width; c++) {
          final double x = t == 2 ? 1.0 : random.nextDouble() < 0.3 ? 0.0 : random.nextDouble(-2, 2);
          derivatives[t][k * width + c] = x;
          final int i = coordinate(t, touched[t][k], c);
          margin += ref.weight(i) * x;
          target += truth[i] * x;
        }
      }
    }
    final double multiplier = Math.tanh(margin - target) * (0.5 + random.nextDouble());
    final double[] w = new double[WIDTH];
    for (int t = 0; t < 3; t++) {
      final int width = WIDTHS[t];
      for (int k = 0; k < touched[t].length; k++) {
        for (int c = 0; c < width; c++) {
          w[c] = ref.weight(coordinate(t, touched[t][k], c));
        }
        for (int c = 0; c < width; c++) {
          final int i = coordinate(t, touched[t][k], c);
          ref.update(i, multiplier * derivatives[t][k * width + c], w[c]);
          if (updated != null) {
            updated.add(i);
          }
        }
      }
      opt.update(stores[t], offsets[t], touched[t].length, width, PENALIZED[t], multiplier, derivatives[t]);
    }
    ref.endStep();
    opt.endStep();
  }

  /** What a comparison of every weight found. */
  /**
   * Steps 3,000 single examples (each row touched with probability 0.1: gaps of dozens of steps between
   * touches) on both sides from {@code seed}, compares every weight after every step, and asserts what every
   * row optimizer must show against its double form: the weights moved, they follow the double ones within
   * {@code tolerance} of the largest, the penalties made exact zeros and zero rows (not all), and the float rows
   * are zero where the double ones are.
   *
   * @return the comparison after the last step
   */
  public Comparison assertFollowsTheStream(RowOptimizer<?> rows, RowStore[] owners, SparseOnlineOptimizer ref,
      long seed, double tolerance, String context) {
    final SplittableRandom random = new SplittableRandom(seed);
    double maxWeight = 0;
    double maxError = 0;
    Comparison last = null;
    for (int step = 0; step < 3000; step++) {
      drive(rows, owners, ref, random, 1, 0.1, null);
      last = compare(rows, owners, ref);
      maxWeight = Math.max(maxWeight, last.maxWeight());
      maxError = Math.max(maxError, last.maxError());
    }
    org.junit.jupiter.api.Assertions.assertTrue(maxWeight > 0.1, context + ": the weights moved: " + maxWeight);
    org.junit.jupiter.api.Assertions.assertTrue(maxError <= tolerance * maxWeight,
        context + ": max |float - double| " + maxError + " vs max |w| " + maxWeight);
    org.junit.jupiter.api.Assertions.assertTrue(last.zeroWeights() > 10 && last.zeroRows() > 2,
        context + ": the penalties make exact zeros: " + last);
    org.junit.jupiter.api.Assertions.assertTrue(last.zeroRows() < n, context + ": not every row is zero: " + last);
    org.junit.jupiter.api.Assertions.assertEquals(0, last.zeroRowMismatches(),
        context + ": the float rows are zero where the double ones are: " + last);
    return last;
  }

  public record Comparison(double maxWeight, double maxError, int zeroWeights, int zeroRows, int floatZeroRows,
      int zeroRowMismatches) {}

  /**
   * Reads every row of the owners and compares every weight with the double side's: the largest |w| there,
   * the largest difference, the exact zeros among its penalised weights, its zero factor rows, the float
   * side's, and the factor rows zero on one side only.
   */
  public Comparison compare(RowOptimizer<?> opt, RowStore[] owners, SparseOnlineOptimizer ref) {
    double maxWeight = 0.0;
    double maxError = 0.0;
    int zeroWeights = 0;
    int zeroRows = 0;
    int floatZeroRows = 0;
    int mismatches = 0;
    for (int t = 0; t < 3; t++) {
      final int width = WIDTHS[t];
      final int[] offsets = new int[rows(t)];
      for (int r = 0; r < rows(t); r++) {
        offsets[r] = owners[t].ownerOffset(r);
      }
      opt.read(owners[t], offsets, offsets.length, width, PENALIZED[t]);
      final float[] d = owners[t].data();
      for (int r = 0; r < rows(t); r++) {
        boolean zero = true;
        boolean floatZero = true;
        for (int c = 0; c < width; c++) {
          final double expected = ref.weight(coordinate(t, r, c));
          final double actual = d[offsets[r] + c];
          maxWeight = Math.max(maxWeight, Math.abs(expected));
          maxError = Math.max(maxError, Math.abs(expected - actual));
          if (PENALIZED[t] && expected == 0.0) {
            zeroWeights++;
          }
          zero &= expected == 0.0;
          floatZero &= actual == 0.0;
        }
        if (t == 1) {
          zeroRows += zero ? 1 : 0;
          floatZeroRows += floatZero ? 1 : 0;
          mismatches += zero != floatZero ? 1 : 0;
        }
      }
    }
    return new Comparison(maxWeight, maxError, zeroWeights, zeroRows, floatZeroRows, mismatches);
  }

  /** A pass's deltas of every table. */
  public static <O extends RowOptimizer<O>> RowDelta[] increments(O pass, RowStore[] views) {
    final RowDelta[] out = new RowDelta[views.length];
    for (int t = 0; t < views.length; t++) {
      out[t] = pass.merge().increments(pass, views[t], WIDTHS[t], PENALIZED[t]);
    }
    return out;
  }

  /**
   * Two passes from the owners (views A and B, each with its own copy of the optimizer) and from the double
   * state (copies), on streams from seeds {@code seedA} and {@code seedB} that touch overlapping rows; then
   * both merges, each side's own: the row merge into the owners and {@code state}, the double merge into
   * {@code ref}.
   */
  public <O extends RowOptimizer<O>> void twoPassesMerged(O state, RowStore[] owners, SparseOnlineOptimizer ref,
      MergeRule rule, long seedA, long seedB, int steps, double touch) {
    final O passA = state.copy();
    final O passB = state.copy();
    final RowStore[] viewsA = views(owners);
    final RowStore[] viewsB = views(owners);
    final SparseOnlineOptimizer refA = ref.copy();
    final SparseOnlineOptimizer refB = ref.copy();
    final TreeSet<Integer> touchedA = new TreeSet<>();
    final TreeSet<Integer> touchedB = new TreeSet<>();
    drive(passA, viewsA, refA, new SplittableRandom(seedA), steps, touch, touchedA);
    drive(passB, viewsB, refB, new SplittableRandom(seedB), steps + 7, touch, touchedB);
    final RowDelta[] a = increments(passA, viewsA);
    final RowDelta[] b = increments(passB, viewsB);
    final RowDelta[] summed = new RowDelta[3];
    for (int t = 0; t < 3; t++) {
      summed[t] = RowDelta.merge(a[t], b[t]);
    }
    final RowMerge<O> merge = state.merge();
    merge.apply(state, owners, WIDTHS, PENALIZED, summed, 2L * steps + 7);
    final StateDelta refSummed = StateDelta.merge(rule.increments(ref, refA, toArray(touchedA)),
        rule.increments(ref, refB, toArray(touchedB)));
    rule.apply(ref, refSummed, 2L * steps + 7);
  }

  private static int[] toArray(TreeSet<Integer> set) {
    return set.stream().mapToInt(Integer::intValue).toArray();
  }
}
