package io.sparkctr.optim.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AdaGrad on float rows against the double per-coordinate {@link AdaGradOptimizer}, and its merge. */
class AdaGradRowsTest {
  private static final AdaGradHyperParams HYPER = new AdaGradHyperParams(0.1, 1.0, 0.1);

  @Test
  void floatRowsFollowTheDoubleOptimizer() {
    final int width = 5;
    AdaGradOptimizer reference = new AdaGradOptimizer(HYPER, width, width);
    AdaGradRows rows = new AdaGradRows(HYPER);
    RowStore table = new RowStore(1, rows.stride(width), false);
    rows.initRow(table, 0, width, true, null, 0);
    SplittableRandom random = new SplittableRandom(2);
    double[] derivatives = new double[width];
    double max = 0;
    double error = 0;
    for (int step = 0; step < 5000; step++) {
      double margin = 0;
      for (int c = 0; c < width; c++) {
        derivatives[c] = random.nextDouble() < 0.5 ? 0.0 : random.nextDouble(-2, 2);
        margin += reference.weight(c) * derivatives[c];
      }
      double multiplier = Math.tanh(margin - 0.5 * derivatives[1] + 0.2) * (0.5 + random.nextDouble());
      for (int c = 0; c < width; c++) {
        reference.update(c, multiplier * derivatives[c], reference.weight(c));
      }
      rows.update(table, new int[] {0}, 1, width, true, multiplier, derivatives);
      for (int c = 0; c < width; c++) {
        max = Math.max(max, Math.abs(reference.weight(c)));
        error = Math.max(error, Math.abs(reference.weight(c) - table.data()[c]));
        assertEquals(reference.n(c), table.data()[width + c], 1e-5 * reference.n(c));
      }
    }
    assertTrue(max > 0.05, "the weights moved: " + max);
    // The FTRL rows' tolerance (FtrlRowsTest): float state, thousands of steps.
    assertTrue(error <= 1e-4 * max, "max |float - double| " + error + " vs max |w| " + max);
  }

  @Test
  void twoPartitionsMergeToTheMeanWeightAndTheSummedAccumulators() {
    final int width = 2;
    AdaGradRows rows = new AdaGradRows(HYPER);
    RowStore owner = new RowStore(4, rows.stride(width), false);
    for (int r = 0; r < 4; r++) {
      rows.initRow(owner, owner.ownerOffset(r), width, true, new double[] {0.1 * r, -0.1 * r}, 0);
    }
    RowStore a = owner.view();
    RowStore b = owner.view();
    step(rows, a, 0, 0.5);
    step(rows, a, 1, -0.3);
    step(rows, b, 1, 0.7);
    step(rows, b, 2, 0.2);
    RowDelta summed = RowDelta.merge(rows.merge().increments(rows, a, width, true),
        rows.merge().increments(rows, b, width, true));
    float[] before = owner.data().clone();
    rows.merge().apply(rows, new RowStore[] {owner}, new int[] {width}, new boolean[] {true},
        new RowDelta[] {summed}, 4);
    float[] d = owner.data();
    for (int c = 0; c < width; c++) {
      assertEquals(a.data()[a.viewOffset(0) + c], d[c], 1e-7, "row 0: only partition a's weight");
      assertEquals((a.data()[a.viewOffset(1) + c] + b.data()[b.viewOffset(1) + c]) / 2, d[4 + c], 1e-7,
          "row 1: the mean of both");
      float increments = (a.data()[a.viewOffset(1) + width + c] - before[4 + width + c])
          + (b.data()[b.viewOffset(1) + width + c] - before[4 + width + c]);
      assertEquals(before[4 + width + c] + increments, d[4 + width + c], 1e-6, "row 1: both accumulators' steps");
      assertEquals(before[12 + c], d[12 + c], 0.0, "row 3: untouched");
    }
  }

  private static void step(AdaGradRows rows, RowStore view, int row, double multiplier) {
    view.reserve(1);
    int off = view.touch(row);
    rows.update(view, new int[] {off}, 1, 2, true, multiplier, new double[] {1.0, -2.0});
  }
}
