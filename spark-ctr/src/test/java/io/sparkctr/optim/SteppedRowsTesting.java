package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Drivers for the row forms of the step-counted optimizers (SGD, L1-SGD, truncation, TG, FOBOS) against
 * their double forms, on one random sparse stream.
 *
 * <p>Layout: table 0, six penalised rows of width 1; table 1, five penalised rows of width 3; table 2, the
 * unpenalised intercept (one row of width 1). The double form sees them as coordinates, table after table
 * (the intercept last, the only one past numRegularized). Each step touches each row with its own
 * probability (from 0.9 down to 0.002, so lazy catch-ups span gaps of hundreds of steps); the gradient is a
 * random multiplier, pulling the margin toward that of a fixed sparse optimum, times random derivatives (a
 * third of them 0). The draws do not depend on the weights, and the multiplier is computed from the double
 * weights, so both forms see the same gradients.
 */
public final class SteppedRowsTesting {
  private SteppedRowsTesting() {}

  /**
   * Float weights, rounded at each store, against the double form after thousands of steps: the largest
   * difference stays within this share of the largest weight (as FtrlRowsTest).
   */
  public static final double RELATIVE_TOLERANCE = 1e-4;

  public static final int[] ROWS = {6, 5, 1};
  public static final int[] WIDTHS = {1, 3, 1};
  public static final boolean[] PENALIZED = {true, true, false};
  private static final int[] BASE = {0, 6, 21};
  public static final int DIMENSION = 22;
  public static final int NUM_REGULARIZED = 21;
  private static final double[][] TOUCH = {{0.9, 0.5, 0.2, 0.05, 0.01, 0.002}, {0.7, 0.3, 0.1, 0.02, 0.005},
      {0.95}};

  static int coordinate(int table, int row, int c) {
    return BASE[table] + row * WIDTHS[table] + c;
  }

  /** The optimum the gradients pull toward: a third of it 0, so L1 has weights to zero. */
  private static double optimum(int i) {
    return i % 3 == 0 ? 0.0 : 0.6 * Math.sin(1.0 + 2.0 * i);
  }

  /** What a comparison saw. */
  public record Stats(double maxWeight, double maxError, int referenceZeros, int rowZeros, long comparisons,
      long far) {
    /** Asserts the weights moved and the float rows stayed within {@link #RELATIVE_TOLERANCE} of the double. */
    public void assertClose(String what) {
      assertTrue(maxWeight > 0.05, what + ": the weights moved: " + maxWeight);
      assertTrue(maxError <= RELATIVE_TOLERANCE * maxWeight,
          what + ": max |float - double| " + maxError + " vs max |w| " + maxWeight);
    }

    /**
     * For L1-SGD, whose subgradient step is discontinuous at 0: once a weight's oscillation about 0 lands on
     * the other side of 0 in float than in double (a value within rounding of 0), the two forms oscillate
     * out of phase, apart by up to 2 eta_s l1 for the step s where it happened. Asserts the difference stays
     * within {@code allowance} and that at most {@code share} of the comparisons differ by more than
     * {@link #RELATIVE_TOLERANCE} times the largest weight.
     */
    public void assertCloseUpToPhase(String what, double allowance, double share) {
      assertTrue(maxWeight > 0.05, what + ": the weights moved: " + maxWeight);
      assertTrue(maxError <= allowance, what + ": max |float - double| " + maxError + " vs " + allowance);
      assertTrue(far <= share * comparisons, what + ": " + far + " of " + comparisons + " weights apart");
    }

    /**
     * Asserts the double form produced exact zeros on penalised weights that had been nonzero, and the rows
     * as many, give or take 1% (a weight within float rounding of a threshold may fall either way).
     */
    public void assertZeros(String what) {
      assertTrue(referenceZeros > 0 && Math.abs(rowZeros - referenceZeros) <= 0.01 * referenceZeros,
          what + ": exact zeros (double " + referenceZeros + ", rows " + rowZeros + ")");
    }
  }

  /** Both forms and the running comparison. */
  public static final class Pair<O extends RowOptimizer<O>> {
    public SparseOnlineOptimizer reference;
    public O rows;
    public final RowStore[] owners;
    private final boolean[] everNonzero = new boolean[DIMENSION];
    private double maxWeight;
    private double maxError;
    private int referenceZeros;
    private int rowZeros;
    private long comparisons;
    private long far;

    /** Both forms from the warm start w0 (coordinates), the row optimizer's clock as it is. */
    public Pair(SparseOnlineOptimizer reference, O rows, double[] w0) {
      this.reference = reference;
      this.rows = rows;
      this.owners = new RowStore[ROWS.length];
      for (int t = 0; t < ROWS.length; t++) {
        owners[t] = new RowStore(ROWS[t], rows.stride(WIDTHS[t]), rows.clocked(), rows.viewExtra(WIDTHS[t]));
        for (int r = 0; r < ROWS[t]; r++) {
          rows.initRow(owners[t], owners[t].ownerOffset(r), WIDTHS[t], PENALIZED[t], w0, coordinate(t, r, 0));
        }
      }
    }

    /** {@code steps} steps of the stream on the owners, comparing every weight after every step. */
    public Pair<O> run(SplittableRandom random, int steps) {
      for (int s = 0; s < steps; s++) {
        step(random, reference, rows, owners, null);
        compare();
      }
      return this;
    }

    /** Compares every weight now (both forms caught up on copies, so the stores stay lazy). */
    public void compare() {
      final double[] expected = OptimizerTesting.weightsOfCopy(reference);
      final double[] actual = currentWeights(rows, owners);
      for (int i = 0; i < DIMENSION; i++) {
        maxWeight = Math.max(maxWeight, Math.abs(expected[i]));
        maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
        far += Math.abs(expected[i] - actual[i]) > RELATIVE_TOLERANCE * maxWeight ? 1 : 0;
        comparisons++;
        if (i < NUM_REGULARIZED && everNonzero[i]) {
          referenceZeros += expected[i] == 0.0 ? 1 : 0;
          rowZeros += actual[i] == 0.0 ? 1 : 0;
        }
        everNonzero[i] |= expected[i] != 0.0;
      }
    }

    public Stats stats() {
      return new Stats(maxWeight, maxError, referenceZeros, rowZeros, comparisons, far);
    }
  }

  /**
   * One step of the stream: on the row form through {@code stores} (owners or views: touched, read, updated,
   * ended) and on the double form (read, updated, ended). Adds the double's updated coordinates to
   * {@code touched} if not null.
   */
  public static <O extends RowOptimizer<O>> void step(SplittableRandom random, SparseOnlineOptimizer reference,
      O rows, RowStore[] stores, TreeSet<Integer> touched) {
    final int tables = ROWS.length;
    final int[][] offsets = new int[tables][];
    final int[][] rowIds = new int[tables][];
    final int[] counts = new int[tables];
    final double[][] derivatives = new double[tables][];
    for (int t = 0; t < tables; t++) {
      rowIds[t] = new int[ROWS[t]];
      for (int r = 0; r < ROWS[t]; r++) {
        if (random.nextDouble() < TOUCH[t][r]) {
          rowIds[t][counts[t]++] = r;
        }
      }
      derivatives[t] = new double[counts[t] * WIDTHS[t]];
      for (int p = 0; p < derivatives[t].length; p++) {
        derivatives[t][p] = !PENALIZED[t] ? 1.0 : random.nextDouble() < 0.3 ? 0.0 : random.nextDouble(-2, 2);
      }
    }
    final double noise = 0.5 + random.nextDouble();
    double margin = 0.0;
    double target = 0.0;
    for (int t = 0; t < tables; t++) {
      stores[t].reserve(counts[t]);
      offsets[t] = new int[counts[t]];
      for (int k = 0; k < counts[t]; k++) {
        offsets[t][k] = stores[t].touch(rowIds[t][k]);
      }
      rows.read(stores[t], offsets[t], counts[t], WIDTHS[t], PENALIZED[t]);
      for (int k = 0; k < counts[t]; k++) {
        for (int c = 0; c < WIDTHS[t]; c++) {
          final int i = coordinate(t, rowIds[t][k], c);
          final double x = derivatives[t][k * WIDTHS[t] + c];
          margin += reference.weight(i) * x;
          target += optimum(i) * x;
        }
      }
    }
    final double multiplier = Math.tanh(margin - target) * noise;
    for (int t = 0; t < tables; t++) {
      for (int k = 0; k < counts[t]; k++) {
        for (int c = 0; c < WIDTHS[t]; c++) {
          final int i = coordinate(t, rowIds[t][k], c);
          reference.update(i, multiplier * derivatives[t][k * WIDTHS[t] + c], reference.weight(i));
          if (touched != null) {
            touched.add(i);
          }
        }
      }
      rows.update(stores[t], offsets[t], counts[t], WIDTHS[t], PENALIZED[t], multiplier, derivatives[t]);
    }
    reference.endStep();
    rows.endStep();
  }

  /** The row form's weights as coordinates, caught up on copies of the owners and of the optimizer. */
  public static <O extends RowOptimizer<O>> double[] currentWeights(O rows, RowStore[] owners) {
    return currentWeights(rows, owners, ROWS, WIDTHS, PENALIZED, DIMENSION);
  }

  /** Of one penalised table of {@code rowCount} rows of {@code width}: its weights, row after row, caught up. */
  public static <O extends RowOptimizer<O>> double[] currentWeights(O rows, RowStore[] owner, int rowCount,
      int width) {
    return currentWeights(rows, owner, new int[] {rowCount}, new int[] {width}, new boolean[] {true},
        rowCount * width);
  }

  private static <O extends RowOptimizer<O>> double[] currentWeights(O rows, RowStore[] owners, int[] rowCounts,
      int[] widths, boolean[] penalized, int dimension) {
    final O copy = rows.copy();
    final double[] out = new double[dimension];
    int base = 0;
    for (int t = 0; t < owners.length; t++) {
      final RowStore store = owners[t].copy();
      final int[] offsets = new int[rowCounts[t]];
      for (int r = 0; r < rowCounts[t]; r++) {
        offsets[r] = store.ownerOffset(r);
      }
      copy.read(store, offsets, rowCounts[t], widths[t], penalized[t]);
      for (int r = 0; r < rowCounts[t]; r++) {
        for (int c = 0; c < widths[t]; c++) {
          out[base + r * widths[t] + c] = store.data()[offsets[r] + c];
        }
      }
      base += rowCounts[t] * widths[t];
    }
    return out;
  }

  /** A seeded warm start: small weights, some exactly 0. */
  public static double[] warmStart(long seed) {
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] w0 = new double[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      w0[i] = random.nextDouble() < 0.3 ? 0.0 : random.nextDouble(-0.3, 0.3);
    }
    return w0;
  }

  /**
   * The float rows follow the double form from a zero start on the stream (seed 7, 3000 steps), every
   * weight compared after every step.
   */
  public static <O extends RowOptimizer<O>> Stats follow(SparseOnlineOptimizer reference, O rows) {
    return new Pair<>(reference, rows, null).run(new SplittableRandom(7), 3000).stats();
  }

  /**
   * Two partitions' passes from one state, merged: the row form's {@link RowMerge} on two views of the owners
   * against {@link AveragingMerge} on two copies of the double state, then more steps on the merged states
   * (their clocks). Both start from the warm start of seed 5 and 500 serial steps.
   */
  public static <O extends RowOptimizer<O>> Stats mergeOfTwoPasses(Function<double[], SparseOnlineOptimizer> reference,
      O rows) {
    final double[] w0 = warmStart(5);
    final Pair<O> pair = new Pair<>(reference.apply(w0), rows, w0).run(new SplittableRandom(8), 500);
    final int tables = ROWS.length;
    final SparseOnlineOptimizer baseReference = pair.reference;
    final O base = pair.rows;
    // Partition a: 40 steps; b: 70 steps; the frequent rows overlap, the rare ones mostly do not.
    final SparseOnlineOptimizer refA = baseReference.copy();
    final SparseOnlineOptimizer refB = baseReference.copy();
    final O passA = base.copy();
    final O passB = base.copy();
    final RowStore[] viewsA = new RowStore[tables];
    final RowStore[] viewsB = new RowStore[tables];
    for (int t = 0; t < tables; t++) {
      viewsA[t] = pair.owners[t].view();
      viewsB[t] = pair.owners[t].view();
    }
    final TreeSet<Integer> touchedA = new TreeSet<>();
    final TreeSet<Integer> touchedB = new TreeSet<>();
    final SplittableRandom randomA = new SplittableRandom(9);
    for (int s = 0; s < 40; s++) {
      step(randomA, refA, passA, viewsA, touchedA);
    }
    final SplittableRandom randomB = new SplittableRandom(10);
    for (int s = 0; s < 70; s++) {
      step(randomB, refB, passB, viewsB, touchedB);
    }
    final RowMerge<O> merge = base.merge();
    final RowDelta[] summed = new RowDelta[tables];
    for (int t = 0; t < tables; t++) {
      summed[t] = RowDelta.merge(merge.increments(passA, viewsA[t], WIDTHS[t], PENALIZED[t]),
          merge.increments(passB, viewsB[t], WIDTHS[t], PENALIZED[t]));
    }
    final double[] before = currentWeights(base, pair.owners);
    merge.apply(base, pair.owners, WIDTHS, PENALIZED, summed, 110);
    assertEquals(500 + 110, base.steps(), "the clock advanced by both passes' steps");

    final AveragingMerge rule = new AveragingMerge();
    final StateDelta delta = StateDelta.merge(rule.increments(baseReference, refA, toArray(touchedA)),
        rule.increments(baseReference, refB, toArray(touchedB)));
    rule.apply(baseReference, delta, 110);

    final double[] merged = currentWeights(base, pair.owners);
    int changed = 0;
    for (int i = 0; i < DIMENSION; i++) {
      changed += merged[i] != before[i] ? 1 : 0;
    }
    assertTrue(changed >= 5, "the merge changed the weights: " + changed);
    assertTrue(touchedA.size() < DIMENSION && touchedB.size() < DIMENSION, "the passes left rows untouched");
    pair.compare();
    final Stats atMerge = pair.stats();
    atMerge.assertClose("at the merge");
    return pair.run(new SplittableRandom(11), 1000).stats();
  }

  private static int[] toArray(TreeSet<Integer> set) {
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The step-size decay: both forms run 800 steps from the warm start of seed 3, decay by {@code factor}
   * (the row form through {@link RowOptimizer#withStepSizeScaled}, the double through its
   * {@code withStepSizeScaled}), then run 800 more.
   */
  public static <O extends RowOptimizer<O>> Stats stepSizeScaled(Function<double[], SteppedWeightOptimizer> reference,
      O rows, double factor) {
    final double[] w0 = warmStart(3);
    final Pair<O> pair = new Pair<>(reference.apply(w0), rows, w0).run(new SplittableRandom(12), 800);
    final O scaled = pair.rows.withStepSizeScaled(factor, pair.owners, WIDTHS, PENALIZED);
    assertNotNull(scaled, "the constant schedule decays");
    assertEquals(0L, scaled.steps(), "the clock restarts");
    pair.reference = ((SteppedWeightOptimizer) pair.reference).withStepSizeScaled(factor);
    pair.rows = scaled;
    pair.compare();
    return pair.run(new SplittableRandom(13), 800).stats();
  }
}
