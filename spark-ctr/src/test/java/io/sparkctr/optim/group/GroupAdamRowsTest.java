package io.sparkctr.optim.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.group.RowsVersusDouble.Comparison;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Group Adam on float rows against the double {@link GroupAdamOptimizer} over the equivalent
 * {@link GroupLayout}, and its merge against {@link GroupAdamMerge}.
 */
class GroupAdamRowsTest {
  /**
   * Float m, sqrt(v) and z, each rounded once per step (the step itself in double): over 3,000 steps the
   * weights stay within this share of the largest double weight (measured: 1e-6, 10 times below; FtrlRowsTest
   * allows 1e-4 for FTRL's float arithmetic).
   */
  static final double RELATIVE_TOLERANCE = 1e-5;
  /** After a merge of two passes: weights, z and m (measured: 1.2e-7, 2e-7 and 9e-8 of their largest). */
  static final double MERGE_TOLERANCE = 1e-5;

  private static final GroupAdamHyperParams HYPER = new GroupAdamHyperParams(0.02, 0.9, 0.999, 1e-8, 0.5, 0.1, 1.0);

  private static GroupAdamOptimizer reference(RowsVersusDouble model, double[] start) {
    return GroupAdamOptimizer.withWeights(HYPER, model.layout, start, model.layout.numRegularized());
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerWeightByWeight() {
    for (boolean randomStart : new boolean[] {false, true}) {
      final RowsVersusDouble model = new RowsVersusDouble(40, 5);
      final double[] start = model.start(randomStart, 6);
      final GroupAdamRows rows = new GroupAdamRows(HYPER);
      final RowStore[] owners = model.owners(rows, start);
      final GroupAdamOptimizer reference = reference(model, start);
      model.assertFollowsTheStream(rows, owners, reference, 7, RELATIVE_TOLERANCE, "start " + randomStart);
      assertEquals(3000, rows.steps());
    }
  }

  @Test
  void twoViewsMergedEqualTheDoubleMergeOfTheSamePasses() {
    final RowsVersusDouble model = new RowsVersusDouble(12, 15);
    final double[] start = model.start(true, 16);
    final GroupAdamRows state = new GroupAdamRows(HYPER);
    final RowStore[] owners = model.owners(state, start);
    final GroupAdamOptimizer reference = reference(model, start);
    model.drive(state, owners, reference, new SplittableRandom(17), 50, 0.3, null);
    model.twoPassesMerged(state, owners, reference, new GroupAdamMerge(), 18, 19, 30, 0.3);
    assertEquals(reference.steps(), state.steps(), "the global step advanced by both passes' steps");
    final Comparison merged = model.compare(state, owners, reference);
    assertTrue(merged.maxError() <= MERGE_TOLERANCE * merged.maxWeight(), "after the merge: " + merged);
    // The state itself: z and m within this share of their largest magnitudes (m decays between gradients, so
    // its relative error grows where it is small), v relatively.
    double maxZ = 0;
    double zError = 0;
    double maxM = 0;
    double mError = 0;
    for (int t = 0; t < 3; t++) {
      final int width = RowsVersusDouble.WIDTHS[t];
      for (int r = 0; r < model.rows(t); r++) {
        for (int c = 0; c < width; c++) {
          final int i = model.coordinate(t, r, c);
          final float[] d = owners[t].data();
          final int at = owners[t].ownerOffset(r) + c;
          final double s = d[at + 2 * width];
          maxZ = Math.max(maxZ, Math.abs(reference.z(i)));
          zError = Math.max(zError, Math.abs(reference.z(i) - d[at + 3 * width]));
          maxM = Math.max(maxM, Math.abs(reference.m(i)));
          mError = Math.max(mError, Math.abs(reference.m(i) - d[at + width]));
          assertEquals(reference.v(i), s * s, 1e-6 * reference.v(i), "v of table " + t + " row " + r);
        }
      }
    }
    assertTrue(zError <= MERGE_TOLERANCE * maxZ, "max |z float - z double| " + zError + " vs max |z| " + maxZ);
    assertTrue(mError <= MERGE_TOLERANCE * maxM, "max |m float - m double| " + mError + " vs max |m| " + maxM);
    // The merged state keeps training as the double one does.
    model.drive(state, owners, reference, new SplittableRandom(20), 50, 0.3, null);
    final Comparison after = model.compare(state, owners, reference);
    assertTrue(after.maxError() <= MERGE_TOLERANCE * after.maxWeight(), "50 steps later: " + after);
    // Short passes: rows stepped by one pass only, or touched by one and stepped by the other.
    for (long seed = 21; seed < 41; seed += 2) {
      model.twoPassesMerged(state, owners, reference, new GroupAdamMerge(), seed, seed + 1, 2, 0.3);
      final Comparison round = model.compare(state, owners, reference);
      assertTrue(round.maxError() <= MERGE_TOLERANCE * round.maxWeight(), "short rounds: " + round);
    }
  }

  @Test
  void aRowWithZeroDerivativesStillTakesAdamsMomentumStepAsTheDoubleFormDoes() {
    // An FM factor row zeroed by the group penalty gets zero derivatives when the example's other rows are zero
    // too; Adam still moves it (m decays into z), so skipping it would keep rows the double form zeroes.
    final GroupAdamRows rows = new GroupAdamRows(HYPER);
    final GroupAdamOptimizer ref = GroupAdamOptimizer.withWeights(HYPER, new GroupLayout(2, 2, 0, 2),
        new double[] {0.3, -0.2}, 2);
    final int width = 2;
    final RowStore owner = new RowStore(1, rows.stride(width), false, rows.viewExtra(width));
    rows.initRow(owner, 0, width, true, new double[] {0.3, -0.2}, 0);
    final int[] offsets = {0};
    for (double[] derivatives : new double[][] {{1.0, -0.5}, {0.0, 0.0}}) {
      final double[] w = {ref.weight(0), ref.weight(1)};
      for (int c = 0; c < width; c++) {
        ref.update(c, 0.5 * derivatives[c], w[c]);
      }
      ref.endStep();
      final float zBefore = owner.data()[3 * width];
      rows.update(owner, offsets, 1, width, true, 0.5, derivatives);
      rows.endStep();
      assertTrue(owner.data()[3 * width] != zBefore, "z moves, a zero gradient included");
      for (int c = 0; c < width; c++) {
        assertEquals(ref.weight(c), owner.data()[c], 1e-6, "weight " + c);
      }
    }
  }

  @Test
  void sixteenBytesPerParameterAndNoClock() {
    final GroupAdamRows rows = new GroupAdamRows(HYPER);
    assertEquals(16, 4 * rows.stride(5) / 5);
    assertEquals(1, rows.viewExtra(5));
    assertEquals(false, rows.clocked());
  }
}
