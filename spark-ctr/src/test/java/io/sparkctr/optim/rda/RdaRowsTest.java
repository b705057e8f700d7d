package io.sparkctr.optim.rda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.group.RowsVersusDouble;
import io.sparkctr.optim.group.RowsVersusDouble.Comparison;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Enhanced l1-RDA on float rows against the double {@link RdaOptimizer}, and its merge against {@link RdaSumMerge}. */
class RdaRowsTest {
  /**
   * G is a float rounded at every step (relative 6e-8 each) and the closed form is computed in double from it,
   * so over 3,000 steps the weights stay within this share of the largest double weight (measured: 6e-7, 20
   * times below; FtrlRowsTest allows 1e-4 for FTRL's float arithmetic).
   */
  static final double RELATIVE_TOLERANCE = 1e-5;
  /** After a merge of two short passes: a few float roundings of G and of the deltas (measured: 2e-7). */
  static final double MERGE_TOLERANCE = 1e-5;

  private static final RdaHyperParams HYPER = new RdaHyperParams(1.0, 0.005, 0.01);

  private static RdaOptimizer reference(RowsVersusDouble model, double[] start) {
    return new RdaOptimizer(HYPER, start, model.layout.numRegularized());
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerWeightByWeight() {
    for (boolean randomStart : new boolean[] {false, true}) {
      final RowsVersusDouble model = new RowsVersusDouble(40, 5);
      final double[] start = model.start(randomStart, 6);
      final RdaRows rows = randomStart ? new RdaRows(HYPER) : RdaRows.uncentred(HYPER);
      final RowStore[] owners = model.owners(rows, start);
      final RdaOptimizer reference = reference(model, start);
      model.assertFollowsTheStream(rows, owners, reference, 7, RELATIVE_TOLERANCE, "start " + randomStart);
      assertEquals(3000, rows.steps());
    }
  }

  @Test
  void twoViewsMergedEqualTheDoubleMergeOfTheSamePasses() {
    final RowsVersusDouble model = new RowsVersusDouble(12, 15);
    final double[] start = model.start(true, 16);
    final RdaRows state = new RdaRows(HYPER);
    final RowStore[] owners = model.owners(state, start);
    final RdaOptimizer reference = reference(model, start);
    model.drive(state, owners, reference, new SplittableRandom(17), 50, 0.3, null);
    model.twoPassesMerged(state, owners, reference, new RdaSumMerge(), 18, 19, 30, 0.3);
    assertEquals(reference.steps(), state.steps(), "t advanced by both passes' steps");
    final Comparison merged = model.compare(state, owners, reference);
    assertTrue(merged.maxError() <= MERGE_TOLERANCE * merged.maxWeight(), "after the merge: " + merged);
    for (int t = 0; t < 3; t++) {
      final int width = RowsVersusDouble.WIDTHS[t];
      for (int r = 0; r < model.rows(t); r++) {
        for (int c = 0; c < width; c++) {
          final double g = reference.gradientSum(model.coordinate(t, r, c));
          assertEquals(g, owners[t].data()[owners[t].ownerOffset(r) + width + c], 1e-6 * Math.max(1, Math.abs(g)),
              "G of table " + t + " row " + r);
        }
      }
    }
    // The merged state keeps training as the double one does.
    model.drive(state, owners, reference, new SplittableRandom(20), 50, 0.3, null);
    final Comparison after = model.compare(state, owners, reference);
    assertTrue(after.maxError() <= MERGE_TOLERANCE * after.maxWeight(), "50 steps later: " + after);
    // Short passes: rows stepped by one pass only, or touched by one and stepped by the other.
    for (long seed = 21; seed < 41; seed += 2) {
      model.twoPassesMerged(state, owners, reference, new RdaSumMerge(), seed, seed + 1, 2, 0.3);
      final Comparison round = model.compare(state, owners, reference);
      assertTrue(round.maxError() <= MERGE_TOLERANCE * round.maxWeight(), "short rounds: " + round);
    }
  }

  @Test
  void bytesPerParameter() {
    assertEquals(12, 4 * new RdaRows(HYPER).stride(5) / 5);
    assertEquals(8, 4 * RdaRows.uncentred(HYPER).stride(5) / 5);
  }

  @Test
  void uncentredRowsRejectANonzeroStartAndCopiesKeepTheirOwnClock() {
    final RdaRows rows = RdaRows.uncentred(HYPER);
    final RowStore store = new RowStore(1, rows.stride(2), false);
    assertThrows(IllegalArgumentException.class, () -> rows.initRow(store, 0, 2, true, new double[] {0, 0.1}, 0));
    rows.endStep();
    final RdaRows copy = rows.copy();
    copy.endStep();
    assertEquals(1, rows.steps());
    assertEquals(2, copy.steps());
  }
}
