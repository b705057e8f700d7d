package io.sparkctr.optim.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.group.RowsVersusDouble.Comparison;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sparse group FTRL on float rows against the double {@link SparseGroupFtrlOptimizer} over the equivalent
 * {@link GroupLayout}, and its merge against {@link SparseGroupFtrlSumMerge}.
 */
class SparseGroupFtrlRowsTest {
  /**
   * Float z and sqrt(n), each rounded once per step (the step itself in double): over 3,000 steps the weights
   * stay within this share of the largest double weight (measured: 7e-7, 14 times below; FtrlRowsTest allows
   * 1e-4 for FTRL's float arithmetic).
   */
  static final double RELATIVE_TOLERANCE = 1e-5;
  /** After a merge of two short passes, weights and z (measured: 2e-7 of max |w|, 5e-8 of max |z|). */
  static final double MERGE_TOLERANCE = 1e-5;

  private static final SparseGroupFtrlHyperParams HYPER = new SparseGroupFtrlHyperParams(0.1, 0.1, 1.0, 0.01, 2.0);

  private static SparseGroupFtrlOptimizer reference(RowsVersusDouble model, double[] start) {
    return SparseGroupFtrlOptimizer.withWeights(HYPER, model.layout, start, model.layout.numRegularized());
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerWeightByWeight() {
    for (boolean randomStart : new boolean[] {false, true}) {
      final RowsVersusDouble model = new RowsVersusDouble(40, 5);
      final double[] start = model.start(randomStart, 6);
      final SparseGroupFtrlRows rows = new SparseGroupFtrlRows(HYPER);
      final RowStore[] owners = model.owners(rows, start);
      final SparseGroupFtrlOptimizer reference = reference(model, start);
      final Comparison first = model.compare(rows, owners, reference);
      assertTrue(first.maxError() <= 1e-6 * Math.max(1e-3, first.maxWeight()), "the start: " + first);
      model.assertFollowsTheStream(rows, owners, reference, 7, RELATIVE_TOLERANCE, "start " + randomStart);
    }
  }

  @Test
  void twoViewsMergedEqualTheDoubleMergeOfTheSamePasses() {
    final RowsVersusDouble model = new RowsVersusDouble(12, 15);
    final double[] start = model.start(true, 16);
    final SparseGroupFtrlRows state = new SparseGroupFtrlRows(HYPER);
    final RowStore[] owners = model.owners(state, start);
    final SparseGroupFtrlOptimizer reference = reference(model, start);
    model.drive(state, owners, reference, new SplittableRandom(17), 50, 0.3, null);
    model.twoPassesMerged(state, owners, reference, new SparseGroupFtrlSumMerge(), 18, 19, 30, 0.3);
    final Comparison merged = model.compare(state, owners, reference);
    assertTrue(merged.maxError() <= MERGE_TOLERANCE * merged.maxWeight(), "after the merge: " + merged);
    // The state itself: z within this share of the largest |z|, n relatively.
    double maxZ = 0;
    double zError = 0;
    for (int t = 0; t < 3; t++) {
      final int width = RowsVersusDouble.WIDTHS[t];
      for (int r = 0; r < model.rows(t); r++) {
        for (int c = 0; c < width; c++) {
          final int i = model.coordinate(t, r, c);
          final int off = owners[t].ownerOffset(r);
          final double s = owners[t].data()[off + 2 * width + c];
          maxZ = Math.max(maxZ, Math.abs(reference.z(i)));
          zError = Math.max(zError, Math.abs(reference.z(i) - owners[t].data()[off + width + c]));
          assertEquals(reference.n(i), s * s, 1e-6 * reference.n(i), "n of table " + t + " row " + r);
        }
      }
    }
    assertTrue(zError <= MERGE_TOLERANCE * maxZ, "max |z float - z double| " + zError + " vs max |z| " + maxZ);
    // The merged state keeps training as the double one does.
    model.drive(state, owners, reference, new SplittableRandom(20), 50, 0.3, null);
    final Comparison after = model.compare(state, owners, reference);
    assertTrue(after.maxError() <= MERGE_TOLERANCE * after.maxWeight(), "50 steps later: " + after);
    // Short passes: rows stepped by one pass only, or touched by one and stepped by the other.
    for (long seed = 21; seed < 41; seed += 2) {
      model.twoPassesMerged(state, owners, reference, new SparseGroupFtrlSumMerge(), seed, seed + 1, 2, 0.3);
      final Comparison round = model.compare(state, owners, reference);
      assertTrue(round.maxError() <= MERGE_TOLERANCE * round.maxWeight(), "short rounds: " + round);
    }
  }

  @Test
  void twelveBytesPerParameterAndNoClock() {
    final SparseGroupFtrlRows rows = new SparseGroupFtrlRows(HYPER);
    assertEquals(12, 4 * rows.stride(5) / 5);
    assertEquals(0, rows.viewExtra(5));
    assertEquals(false, rows.clocked());
  }

  @Test
  void aWarmStartNeedsAPositiveDenominator() {
    final SparseGroupFtrlRows rows = new SparseGroupFtrlRows(new SparseGroupFtrlHyperParams(0.1, 0.0, 0.01, 0.0, 0.1));
    final RowStore store = new RowStore(1, rows.stride(2), false);
    assertThrows(IllegalArgumentException.class, () -> rows.initRow(store, 0, 2, true, new double[] {0, 0.1}, 0));
    rows.initRow(store, 0, 2, true, new double[] {0, 0}, 0); // a zero start needs none
  }
}
