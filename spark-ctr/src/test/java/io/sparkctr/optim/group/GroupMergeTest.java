package io.sparkctr.optim.group;

import static io.sparkctr.optim.group.GroupTesting.randomStart;
import static io.sparkctr.optim.group.GroupTesting.roundTrip;
import static io.sparkctr.optim.group.GroupTesting.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.OptimizerSpec;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The merge rules of the group optimizers ({@link SparseGroupFtrlSumMerge}, {@link GroupAdamMerge})
 * through the {@link MergeRule} protocol the trainers use, and their {@link OptimizerSpec} factories.
 */
class GroupMergeTest {
  /** Two singletons, three rows of 3, an intercept. */
  private static final GroupLayout LAYOUT = new GroupLayout(2 + 3 * 3 + 1, 2 + 3 * 3, 2, 3);

  /**
   * One partition's pass from a copy of {@code base}: whole groups updated at random; returns the end
   * state, and the coordinates it updated, ascending, in {@code touched[0]}.
   */
  private static SparseOnlineOptimizer pass(SparseOnlineOptimizer base, long seed, int steps, int[][] touched) {
    final SparseOnlineOptimizer opt = base.copy();
    final TreeSet<Integer> updated = new TreeSet<>();
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] w = new double[opt.dimension()];
    for (int step = 0; step < steps; step++) {
      int i = 0;
      while (i < opt.dimension()) {
        final int size = LAYOUT.groupSizeOf(i);
        if (random.nextDouble() < 0.3) {
          for (int j = i; j < i + size; j++) {
            w[j] = opt.weight(j);
          }
          for (int j = i; j < i + size; j++) {
            opt.update(j, random.nextDouble(-1, 1), w[j]);
            updated.add(j);
          }
        }
        i += size;
      }
      opt.endStep();
    }
    touched[0] = updated.stream().mapToInt(Integer::intValue).toArray();
    return opt;
  }

  private static void assertBitsEqual(double expected, double actual, String what) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void sparseGroupFtrlMergeOfOnePartitionIsItsEndStateBitForBit() {
    final SparseGroupFtrlHyperParams hyper = new SparseGroupFtrlHyperParams(0.1, 0.1, 0.05, 0.02, 0.1);
    final SparseGroupFtrlOptimizer base =
        SparseGroupFtrlOptimizer.withWeights(hyper, LAYOUT, randomStart(LAYOUT, 41), LAYOUT.numRegularized());
    GroupTesting.drive(base, LAYOUT, 42, 20, 0.5);
    final MergeRule rule = new SparseGroupFtrlSumMerge();
    final int[][] touched = new int[1][];
    final SparseGroupFtrlOptimizer after = (SparseGroupFtrlOptimizer) pass(base, 43, 2, touched);
    assertTrue(touched[0].length > 0 && touched[0].length < LAYOUT.dimension(), "a partial pass");
    final StateDelta delta = StateDelta.merge(StateDelta.empty(rule.columns()),
        rule.increments(base, after, touched[0]));
    final SparseGroupFtrlOptimizer merged = base.copy();
    rule.apply(merged, delta, 2);
    for (int i = 0; i < LAYOUT.dimension(); i++) {
      assertBitsEqual(after.z(i), merged.z(i), "z at " + i);
      assertBitsEqual(after.n(i), merged.n(i), "n at " + i);
      assertBitsEqual(after.weight(i), merged.weight(i), "weight at " + i);
    }
    GroupTesting.drive(after, LAYOUT, 44, 20, 0.5);
    GroupTesting.drive(merged, LAYOUT, 44, 20, 0.5);
    assertArrayEquals(weights(after), weights(merged), 0.0);
  }

  /**
   * Two partitions of one step each from a warm start, against the formulas: z = z0 + sum_p (g_p -
   * sigma_p w0), n = n0 + sum_p g_p^2 where both touched; the one partition's state where only one did.
   */
  @Test
  void sparseGroupFtrlMergeOfTwoPartitionsSumsTheIncrements() {
    final double alpha = 0.1;
    final double n0 = 0.1;
    final double l1 = 0.1;
    final double l2 = 0.05;
    final double l21 = 0.2;
    final GroupLayout layout = new GroupLayout(3, 2, 0, 2); // one row {0, 1} and an intercept
    final SparseGroupFtrlHyperParams hyper = new SparseGroupFtrlHyperParams(alpha, n0, l1, l2, l21);
    final double[] w0 = {0.3, -0.2, 0.1};
    final SparseGroupFtrlOptimizer base = SparseGroupFtrlOptimizer.withWeights(hyper, layout, w0, 2);
    final double[] gA = {1.0, -0.5, 0.2}; // partition A updates 0, 1, 2
    final double[] gB = {-0.4, 0.0, 0.3}; // partition B updates 0 and 2
    final SparseGroupFtrlOptimizer a = base.copy();
    final SparseGroupFtrlOptimizer b = base.copy();
    final double[] wA = weights(a); // read, then update (the trainer's protocol)
    for (int i = 0; i < 3; i++) {
      a.update(i, gA[i], wA[i]);
    }
    final double[] wB = weights(b);
    b.update(0, gB[0], wB[0]);
    b.update(2, gB[2], wB[2]);
    final MergeRule rule = new SparseGroupFtrlSumMerge();
    final StateDelta summed = StateDelta.merge(rule.increments(base, a, new int[] {0, 1, 2}),
        rule.increments(base, b, new int[] {0, 2}));
    final SparseGroupFtrlOptimizer merged = base.copy();
    rule.apply(merged, summed, 2);

    final double[] z = new double[3];
    final double[] n = new double[3];
    for (int i = 0; i < 3; i++) {
      final double wStart = base.weight(i);
      assertEquals(w0[i], wStart, 1e-15);
      z[i] = base.z(i);
      n[i] = n0;
      for (double g : i == 1 ? new double[] {gA[1]} : new double[] {gA[i], gB[i]}) {
        z[i] += g - (Math.sqrt(n0 + g * g) - Math.sqrt(n0)) / alpha * wStart;
        n[i] += g * g;
      }
      assertEquals(z[i], merged.z(i), 1e-14, "z at " + i);
      assertEquals(n[i], merged.n(i), 1e-15, "n at " + i);
    }
    assertBitsEqual(a.z(1), merged.z(1), "z of the coordinate only A updated");
    assertBitsEqual(a.n(1), merged.n(1), "n of the coordinate only A updated");
    // The closed form on the merged row: s = -soft(z, l1), factor (1 - l21 sqrt(2) / ||s||)_+.
    final double s0 = -Math.signum(z[0]) * Math.max(Math.abs(z[0]) - l1, 0);
    final double s1 = -Math.signum(z[1]) * Math.max(Math.abs(z[1]) - l1, 0);
    final double norm = Math.hypot(s0, s1);
    assertTrue(norm > l21 * Math.sqrt(2), "the row survives: " + norm);
    final double factor = 1 - l21 * Math.sqrt(2) / norm;
    assertEquals(s0 * factor / (Math.sqrt(n[0]) / alpha + 2 * l2), merged.weight(0), 1e-14);
    assertEquals(s1 * factor / (Math.sqrt(n[1]) / alpha + 2 * l2), merged.weight(1), 1e-14);
    assertEquals(-z[2] / (Math.sqrt(n[2]) / alpha), merged.weight(2), 1e-14, "intercept");
  }

  @Test
  void groupAdamMergeOfOnePartitionIsItsEndStateBitForBit() {
    final GroupAdamHyperParams hyper = GroupAdamHyperParams.of(0.05, 0.01, 0.02, 0.03);
    final GroupAdamOptimizer base =
        GroupAdamOptimizer.withWeights(hyper, LAYOUT, randomStart(LAYOUT, 45), LAYOUT.numRegularized());
    GroupTesting.drive(base, LAYOUT, 46, 10, 0.3); // some coordinates updated, some still at their start
    final MergeRule rule = new GroupAdamMerge();
    final int[][] touched = new int[1][];
    final GroupAdamOptimizer after = (GroupAdamOptimizer) pass(base, 47, 3, touched);
    assertTrue(touched[0].length > 0 && touched[0].length < LAYOUT.dimension(), "a partial pass");
    final StateDelta delta = StateDelta.merge(rule.increments(base, after, touched[0]),
        StateDelta.empty(rule.columns()));
    final GroupAdamOptimizer merged = base.copy();
    rule.apply(merged, delta, 3);
    assertEquals(after.steps(), merged.steps());
    assertEquals(13, merged.steps());
    for (int i = 0; i < LAYOUT.dimension(); i++) {
      assertEquals(after.isUpdated(i), merged.isUpdated(i), "updated at " + i);
      assertBitsEqual(after.z(i), merged.z(i), "z at " + i);
      assertBitsEqual(after.m(i), merged.m(i), "m at " + i);
      assertBitsEqual(after.v(i), merged.v(i), "v at " + i);
      assertBitsEqual(after.weight(i), merged.weight(i), "weight at " + i);
    }
    GroupTesting.drive(after, LAYOUT, 48, 20, 0.5);
    GroupTesting.drive(merged, LAYOUT, 48, 20, 0.5);
    assertArrayEquals(weights(after), weights(merged), 0.0);
  }

  /** Naive transcription of one coordinate's Group Adam state (l1 = l21 = 0), for the hand computation. */
  private static final class Coordinate {
    static final double LR = 0.01;
    static final double B1 = 0.9;
    static final double B2 = 0.999;
    static final double EPS = 1e-8;
    final double twoL2;
    double m;
    double v;
    double z;
    double w;
    boolean updated;

    Coordinate(double w0, double twoL2) {
      this.w = w0;
      this.twoL2 = twoL2;
    }

    void step(double g, long s) {
      final double alpha = LR * Math.sqrt(1 - Math.pow(B2, s)) / (1 - Math.pow(B1, s));
      final double vOld = v;
      m = B1 * m + (1 - B1) * g;
      v = B2 * v + (1 - B2) * g * g;
      z += alpha * m - (updated ? Math.sqrt(v) - Math.sqrt(vOld) : Math.sqrt(v) + EPS) * w;
      updated = true;
      w = -z / (Math.sqrt(v) + EPS + twoL2);
    }

    double u() {
      return w;
    }
  }

  /**
   * Two partitions from a warm start at global step 3, against the rule: where both updated, m and v are
   * the means of their end values and the unthresholded weight is u0 + (u_A - u0) + (u_B - u0); where one
   * did, its state; the global step advances by both partitions' steps.
   */
  @Test
  void groupAdamMergeOfTwoPartitionsAveragesMomentsAndSumsWeightChanges() {
    final double l2 = 0.5;
    final double twoL2 = 2 * l2 * Coordinate.LR;
    final GroupLayout layout = new GroupLayout(3, 2, 0, 2); // one row {0, 1} and an intercept
    final double[] w0 = {0.3, -0.2, 0.1};
    final GroupAdamOptimizer base = GroupAdamOptimizer.withWeights(
        new GroupAdamHyperParams(Coordinate.LR, Coordinate.B1, Coordinate.B2, Coordinate.EPS, 0, l2, 0), layout, w0, 2);
    for (int s = 0; s < 3; s++) {
      base.endStep();
    }
    // A: step 4 updates 0 and 1, step 5 updates 0. B: step 4 updates 0 and 2.
    final GroupAdamOptimizer a = base.copy();
    a.update(0, 0.4, a.weight(0));
    a.update(1, -0.3, a.weight(1));
    a.endStep();
    a.update(0, 0.2, a.weight(0));
    a.endStep();
    final GroupAdamOptimizer b = base.copy();
    b.update(0, -0.1, b.weight(0));
    b.update(2, 0.5, b.weight(2));
    b.endStep();
    final MergeRule rule = new GroupAdamMerge();
    final GroupAdamOptimizer merged = base.copy();
    rule.apply(merged, StateDelta.merge(rule.increments(base, a, new int[] {0, 1}),
        rule.increments(base, b, new int[] {0, 2})), 3);
    assertEquals(6, merged.steps());

    final Coordinate a0 = new Coordinate(w0[0], twoL2);
    a0.step(0.4, 4);
    a0.step(0.2, 5);
    final Coordinate b0 = new Coordinate(w0[0], twoL2);
    b0.step(-0.1, 4);
    final double v = (a0.v + b0.v) / 2;
    assertEquals((a0.m + b0.m) / 2, merged.m(0), 1e-17);
    assertEquals(v, merged.v(0), 1e-17);
    final double u = a0.u() + b0.u() - w0[0];
    assertEquals(u, merged.weight(0), 1e-14);
    assertEquals(-u * (Math.sqrt(v) + Coordinate.EPS + twoL2), merged.z(0), 1e-16);

    final Coordinate a1 = new Coordinate(w0[1], twoL2);
    a1.step(-0.3, 4);
    assertEquals(a1.w, merged.weight(1), 1e-14);
    assertBitsEqual(a.z(1), merged.z(1), "z of the coordinate only A updated");
    final Coordinate b2 = new Coordinate(w0[2], 0.0); // the intercept has no L2
    b2.step(0.5, 4);
    assertEquals(b2.w, merged.weight(2), 1e-14);
    assertBitsEqual(b.z(2), merged.z(2), "z of the intercept only B updated");
    assertTrue(merged.isUpdated(0) && merged.isUpdated(1) && merged.isUpdated(2));

    // The next step's bias correction is step 7's.
    final Coordinate next = new Coordinate(0.0, 0.0);
    final GroupAdamOptimizer fresh = GroupAdamOptimizer.withWeights(
        new GroupAdamHyperParams(Coordinate.LR, Coordinate.B1, Coordinate.B2, Coordinate.EPS, 0, l2, 0), layout,
        new double[3], 2);
    fresh.advanceSteps(6);
    fresh.update(2, 0.7, 0.0);
    next.step(0.7, 7);
    assertEquals(next.w, fresh.weight(2), 1e-15);
  }

  /**
   * A warm-started row first updated in P partitions with zero gradients keeps its start: the change of
   * each partition is 0. Summing the increments of z instead would have counted the first update's
   * re-basing, -(sqrt(v) + eps) w0, P times: P w0.
   */
  @Test
  void groupAdamMergeDoesNotMultiplyAWarmStart() {
    final GroupLayout layout = new GroupLayout(2, 2, 0, 2);
    final double[] w0 = {0.3, -0.2};
    final GroupAdamOptimizer base =
        GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 0, 0, 0), layout, w0, 2);
    final MergeRule rule = new GroupAdamMerge();
    final int partitions = 4;
    StateDelta summed = StateDelta.empty(rule.columns());
    double zIncrements = 0.0;
    for (int p = 0; p < partitions; p++) {
      final GroupAdamOptimizer pass = base.copy();
      pass.update(0, 0.0, pass.weight(0));
      pass.update(1, 0.0, pass.weight(1));
      pass.endStep();
      summed = StateDelta.merge(summed, rule.increments(base, pass, new int[] {0, 1}));
      zIncrements += pass.z(0) - base.z(0);
    }
    final GroupAdamOptimizer merged = base.copy();
    rule.apply(merged, summed, partitions);
    assertArrayEquals(w0, weights(merged), 1e-15);
    assertEquals(partitions * w0[0], -zIncrements / (0.0 + 1e-8), 1e-12, "what summing z would have given");
  }

  @Test
  void specsCreateWarmStartAndMergeTheirOptimizers() throws Exception {
    final OptimizerSpec ftrl = OptimizerSpec.sparseGroupFtrl(SparseGroupFtrlHyperParams.of(0.1, 0.01, 0, 0.1), LAYOUT);
    final OptimizerSpec adam = OptimizerSpec.groupAdam(GroupAdamHyperParams.of(0.01, 0.01, 0, 0.1), LAYOUT);
    assertEquals("sparseGroupFtrl", ftrl.name());
    assertEquals("groupAdam", adam.name());
    assertInstanceOf(SparseGroupFtrlSumMerge.class, ftrl.merge());
    assertInstanceOf(GroupAdamMerge.class, adam.merge());
    final double[] w0 = randomStart(LAYOUT, 49);
    for (OptimizerSpec spec : new OptimizerSpec[] {ftrl, adam, roundTrip(ftrl), roundTrip(adam)}) {
      final SparseOnlineOptimizer zero = spec.create(LAYOUT.dimension(), LAYOUT.numRegularized());
      assertArrayEquals(new double[LAYOUT.dimension()], weights(zero), 0.0);
      final SparseOnlineOptimizer warm = spec.createFrom(w0, LAYOUT.numRegularized());
      assertArrayEquals(w0, weights(warm), 1e-12);
      final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> spec.create(LAYOUT.dimension() + 1, LAYOUT.numRegularized()));
      assertTrue(e.getMessage().startsWith("Dimension mismatch") && e.getMessage().contains("" + LAYOUT.dimension()),
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> spec.createFrom(w0, LAYOUT.numRegularized() - 1));
      // Two partitions through the protocol: the merged state is a state of the same kind, all finite.
      final int[][] touchedA = new int[1][];
      final int[][] touchedB = new int[1][];
      final SparseOnlineOptimizer a = pass(warm, 50, 10, touchedA);
      final SparseOnlineOptimizer b = pass(warm, 51, 10, touchedB);
      final MergeRule rule = spec.merge();
      final StateDelta summed =
          StateDelta.merge(rule.increments(warm, a, touchedA[0]), rule.increments(warm, b, touchedB[0]));
      assertEquals(rule.columns(), summed.numColumns());
      rule.apply(warm, summed, 20);
      for (double w : weights(warm)) {
        assertTrue(Double.isFinite(w));
      }
    }
  }
}
