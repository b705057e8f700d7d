package io.sparkctr.optim.ftrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float-row FTRL against the double per-coordinate {@link FtrlOptimizer} (algorithms.md section 6). */
class FtrlRowsTest {
  /**
   * Float state rounds each stored value to 24 bits; over thousands of steps the weights stay within this
   * share of the largest weight of the double reference, and exact zeros (L1) agree away from the threshold.
   */
  static final double RELATIVE_TOLERANCE = 1e-4;

  @Test
  void floatRowsFollowTheDoubleOptimizerCoordinateByCoordinate() {
    for (FtrlHyperParams hyper : new FtrlHyperParams[] {new FtrlHyperParams(0.1, 1.0, 0.0, 0.0),
        new FtrlHyperParams(0.05, 1.0, 0.5, 1.0), new FtrlHyperParams(0.5, 0.1, 2.0, 0.0)}) {
      final int width = 6;
      // Coordinates 0..5: one penalised row; coordinate 6: the unpenalised intercept row.
      FtrlOptimizer reference = new FtrlOptimizer(hyper, width + 1, width);
      FtrlRows rows = new FtrlRows(hyper);
      RowStore table = new RowStore(1, rows.stride(width), false);
      RowStore intercept = new RowStore(1, rows.stride(1), false);
      rows.initRow(table, 0, width, true, null, 0);
      rows.initRow(intercept, 0, 1, false, null, 0);
      SplittableRandom random = new SplittableRandom(11);
      double[] derivatives = new double[width];
      double[] one = {1.0};
      int[] offsets = {0};
      double maxWeight = 0;
      double maxError = 0;
      for (int step = 0; step < 5000; step++) {
        for (int c = 0; c < width; c++) {
          derivatives[c] = random.nextDouble() < 0.5 ? 0.0 : random.nextDouble(-2, 2);
        }
        // A gradient that points toward a fixed optimum, so the weights settle rather than random-walk.
        double margin = 0;
        for (int c = 0; c < width; c++) {
          margin += reference.weight(c) * derivatives[c];
        }
        margin += reference.weight(width);
        double multiplier = Math.tanh(margin - 0.7 * derivatives[0] + 0.3) * (0.5 + random.nextDouble());
        for (int c = 0; c < width; c++) {
          reference.update(c, multiplier * derivatives[c], reference.weight(c));
        }
        reference.update(width, multiplier, reference.weight(width));
        reference.endStep();
        rows.update(table, offsets, 1, width, true, multiplier, derivatives);
        rows.update(intercept, offsets, 1, 1, false, multiplier, one);
        for (int c = 0; c <= width; c++) {
          double expected = reference.weight(c);
          double actual = c < width ? table.data()[c] : intercept.data()[0];
          maxWeight = Math.max(maxWeight, Math.abs(expected));
          maxError = Math.max(maxError, Math.abs(expected - actual));
        }
      }
      assertTrue(maxWeight > 0.05, "the weights moved: " + maxWeight);
      assertTrue(maxError <= RELATIVE_TOLERANCE * maxWeight,
          hyper + ": max |float - double| " + maxError + " vs max |w| " + maxWeight);
    }
  }

  @Test
  void twelveBytesPerParameterInTheSharedState() {
    FtrlRows rows = new FtrlRows(new FtrlHyperParams(0.1, 1, 0, 0));
    assertEquals(3 * 8, rows.stride(8));
    assertEquals(12L * 8 * 10, new RowStore(10, rows.stride(8), false, rows.viewExtra(8)).bytes());
  }

  @Test
  void oneViewMergedBackGivesItsOwnState() {
    // A single partition's round: merging its delta into the owner it read reproduces the view's rows.
    FtrlHyperParams hyper = new FtrlHyperParams(0.1, 1.0, 0.3, 0.5);
    FtrlRows rows = new FtrlRows(hyper);
    final int width = 3;
    RowStore owner = new RowStore(50, rows.stride(width), false, rows.viewExtra(width));
    for (int r = 0; r < 50; r++) {
      rows.initRow(owner, owner.ownerOffset(r), width, true, null, 0);
    }
    RowStore view = owner.view();
    SplittableRandom random = new SplittableRandom(3);
    int[] offsets = new int[1];
    double[] derivatives = new double[width];
    for (int step = 0; step < 400; step++) {
      int r = random.nextInt(20); // rows 20..49 are never touched
      view.reserve(1);
      offsets[0] = view.touch(r);
      for (int c = 0; c < width; c++) {
        derivatives[c] = random.nextDouble(-1, 1);
      }
      double stepSum = rows.update(view, offsets, 1, width, true, random.nextDouble(-1, 1), derivatives);
      rows.addContraction(view, offsets, 1, width, 0.01 * stepSum);
    }
    RowDelta delta = rows.merge().increments(rows, view, width, true);
    assertTrue(delta.size() <= 20, "the delta carries only touched rows: " + delta.size());
    rows.merge().apply(rows, new RowStore[] {owner}, new int[] {width}, new boolean[] {true},
        new RowDelta[] {delta}, 400);
    for (int r : delta.rows()) {
      int a = view.viewOffset(r);
      int b = owner.ownerOffset(r);
      for (int c = 0; c < width; c++) {
        assertEquals(view.data()[a + c], owner.data()[b + c], 1e-5, "row " + r + " weight " + c);
      }
    }
    for (int r = 20; r < 50; r++) {
      assertEquals(0f, owner.data()[owner.ownerOffset(r)], "untouched rows keep their state");
    }
  }
}
