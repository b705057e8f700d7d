package io.sparkctr.optim.sgd;

import static io.sparkctr.optim.SteppedRowsTesting.DIMENSION;
import static io.sparkctr.optim.SteppedRowsTesting.NUM_REGULARIZED;
import static io.sparkctr.optim.SteppedRowsTesting.PENALIZED;
import static io.sparkctr.optim.SteppedRowsTesting.WIDTHS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.SteppedRowsTesting;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/**
 * Plain SGD on float rows against the double {@link SgdOptimizer} (SteppedRowsTesting's stream and
 * tolerance). SGD makes no exact zeros, so none are asserted.
 */
class SgdRowsTest {
  private static final double[] L2 = {0.0, 0.5};

  @Test
  void floatRowsFollowTheDoubleOptimizerUnderLazyDecay() {
    for (LearningRateSchedule schedule : LearningRateSchedule.values()) {
      for (double l2 : L2) {
        SgdHyperParams hyper = new SgdHyperParams(0.1, schedule, l2);
        SteppedRowsTesting.follow(new SgdOptimizer(hyper, DIMENSION, NUM_REGULARIZED), new SgdRows(hyper))
            .assertClose(hyper.toString());
      }
    }
  }

  @Test
  void twoPassesMergeAsTheDoubleAveragingMerge() {
    for (LearningRateSchedule schedule : LearningRateSchedule.values()) {
      for (double l2 : L2) {
        SgdHyperParams hyper = new SgdHyperParams(0.1, schedule, l2);
        SteppedRowsTesting.mergeOfTwoPasses(w0 -> new SgdOptimizer(hyper, w0, NUM_REGULARIZED), new SgdRows(hyper))
            .assertClose(hyper.toString());
      }
    }
  }

  @Test
  void stepSizeDecayRestartsAsTheDoubleOptimizer() {
    for (double l2 : L2) {
      SgdHyperParams hyper = new SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, l2);
      SteppedRowsTesting.stepSizeScaled(w0 -> new SgdOptimizer(hyper, w0, NUM_REGULARIZED), new SgdRows(hyper), 0.5)
          .assertClose(hyper.toString());
    }
    SgdRows invSqrt = new SgdRows(new SgdHyperParams(0.1, LearningRateSchedule.INV_SQRT, 0.5));
    RowStore[] owners = {new RowStore(1, 1, true), new RowStore(1, 3, true), new RowStore(1, 1, true)};
    assertNull(invSqrt.withStepSizeScaled(0.5, owners, WIDTHS, PENALIZED), "invSqrt decays already");
  }

  @Test
  void fourBytesPerParameterAndAClockOnlyWithL2() {
    SgdRows plain = new SgdRows(new SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.0));
    assertEquals(3, plain.stride(3));
    assertFalse(plain.clocked());
    assertTrue(new SgdRows(new SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.1)).clocked());
  }

  @Test
  void aWarmStartRowIsCurrentAtTheStepItIsWritten() {
    SgdRows rows = new SgdRows(new SgdHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.5));
    for (int s = 0; s < 7; s++) {
      rows.endStep();
    }
    RowStore store = new RowStore(2, rows.stride(2), rows.clocked());
    rows.initRow(store, store.ownerOffset(1), 2, true, new double[] {9, 0.25, -0.5}, 1);
    assertEquals(7, store.clockAt(store.ownerOffset(1)));
    rows.read(store, new int[] {store.ownerOffset(1)}, 1, 2, true);
    assertEquals(0.25f, store.data()[2], "no decay for the steps before the start");
    assertEquals(-0.5f, store.data()[3]);
    rows.endStep();
    rows.read(store, new int[] {store.ownerOffset(1)}, 1, 2, true);
    assertEquals((float) (0.25 * (1 - 0.1 * 0.5)), store.data()[2], 1e-8, "one step's decay");
  }
}
