package io.sparkctr.optim.sgd;

import static io.sparkctr.optim.SteppedRowsTesting.DIMENSION;
import static io.sparkctr.optim.SteppedRowsTesting.NUM_REGULARIZED;
import static io.sparkctr.optim.SteppedRowsTesting.PENALIZED;
import static io.sparkctr.optim.SteppedRowsTesting.WIDTHS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.SteppedRowsTesting;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** L1-SGD on float rows against the double {@link L1SgdOptimizer} (SteppedRowsTesting's stream and tolerance). */
class L1SgdRowsTest {
  private static L1SgdHyperParams[] hypers() {
    return new L1SgdHyperParams[] {new L1SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.05, 0.0),
        new L1SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.05, 0.5),
        new L1SgdHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.05, 0.0),
        new L1SgdHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.05, 0.5)};
  }

  /**
   * The constant schedule oscillates between two fixed values, rarely within rounding of 0: the float rows
   * follow within the relative tolerance. Under invSqrt the oscillation's values keep moving and now and
   * then one lands within rounding of 0, where float and double may take the other sign: see
   * {@link SteppedRowsTesting.Stats#assertCloseUpToPhase}, with the largest jump 2 eta_1 l1.
   */
  private static void assertClose(L1SgdHyperParams hyper, SteppedRowsTesting.Stats stats) {
    if (hyper.schedule() == LearningRateSchedule.CONSTANT) {
      stats.assertClose(hyper.toString());
    } else {
      stats.assertCloseUpToPhase(hyper.toString(), 2 * hyper.eta0() * hyper.l1(), 0.01);
    }
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerThroughTheOscillation() {
    for (L1SgdHyperParams hyper : hypers()) {
      assertClose(hyper,
          SteppedRowsTesting.follow(new L1SgdOptimizer(hyper, DIMENSION, NUM_REGULARIZED), new L1SgdRows(hyper)));
    }
  }

  /**
   * On dyadic gradients (multiples of 1/8) with eta l1 = 1/16 on the constant schedule every value is exact
   * in float and in double, so the rows equal the double bit for bit, through the lazy parity rule, and the
   * exact ties where the subgradient lands on 0 occur.
   */
  @Test
  void dyadicStreamGivesTheDoubleBitForBitWithExactZeros() {
    L1SgdHyperParams hyper = new L1SgdHyperParams(0.25, LearningRateSchedule.CONSTANT, 0.25, 0.0);
    final int width = 3;
    final int rowCount = 4;
    L1SgdOptimizer reference = new L1SgdOptimizer(hyper, rowCount * width, rowCount * width);
    L1SgdRows rows = new L1SgdRows(hyper);
    RowStore owner = new RowStore(rowCount, rows.stride(width), rows.clocked());
    for (int r = 0; r < rowCount; r++) {
      rows.initRow(owner, owner.ownerOffset(r), width, true, null, 0);
    }
    SplittableRandom random = new SplittableRandom(4);
    double[] touch = {0.8, 0.3, 0.05, 0.01};
    double[] derivatives = new double[width];
    int zeros = 0;
    for (int step = 0; step < 4000; step++) {
      for (int r = 0; r < rowCount; r++) {
        if (random.nextDouble() >= touch[r]) {
          continue;
        }
        int[] off = {owner.ownerOffset(r)};
        rows.read(owner, off, 1, width, true);
        double multiplier = (random.nextInt(17) - 8) / 8.0;
        for (int c = 0; c < width; c++) {
          derivatives[c] = random.nextInt(3) - 1;
          int i = r * width + c;
          reference.update(i, multiplier * derivatives[c], reference.weight(i));
        }
        rows.update(owner, off, 1, width, true, multiplier, derivatives);
      }
      reference.endStep();
      rows.endStep();
      double[] actual = SteppedRowsTesting.currentWeights(rows, new RowStore[] {owner}, rowCount, width);
      for (int i = 0; i < rowCount * width; i++) {
        double expected = reference.weight(i);
        assertEquals(expected, actual[i], 0.0, "step " + step + ", weight " + i);
        zeros += step > 100 && expected == 0.0 ? 1 : 0;
      }
    }
    assertTrue(zeros > 0, "exact zeros: " + zeros);
  }

  @Test
  void twoPassesMergeAsTheDoubleAveragingMerge() {
    for (L1SgdHyperParams hyper : hypers()) {
      assertClose(hyper, SteppedRowsTesting.mergeOfTwoPasses(w0 -> new L1SgdOptimizer(hyper, w0, NUM_REGULARIZED),
          new L1SgdRows(hyper)));
    }
  }

  @Test
  void stepSizeDecayRestartsAsTheDoubleOptimizer() {
    for (L1SgdHyperParams hyper : hypers()) {
      if (hyper.schedule() == LearningRateSchedule.CONSTANT) {
        SteppedRowsTesting.stepSizeScaled(w0 -> new L1SgdOptimizer(hyper, w0, NUM_REGULARIZED),
            new L1SgdRows(hyper), 0.5).assertClose(hyper.toString());
      } else {
        RowStore[] owners = {new RowStore(1, 1, true), new RowStore(1, 3, true), new RowStore(1, 1, true)};
        assertNull(new L1SgdRows(hyper).withStepSizeScaled(0.5, owners, WIDTHS, PENALIZED), "invSqrt decays");
      }
    }
  }
}
