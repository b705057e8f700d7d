package io.sparkctr.optim.fobos;

import static io.sparkctr.optim.SteppedRowsTesting.DIMENSION;
import static io.sparkctr.optim.SteppedRowsTesting.NUM_REGULARIZED;
import static io.sparkctr.optim.SteppedRowsTesting.PENALIZED;
import static io.sparkctr.optim.SteppedRowsTesting.WIDTHS;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.SteppedRowsTesting;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/**
 * L1-FOBOS on float rows against the double {@link FobosOptimizer} (SteppedRowsTesting's stream and
 * tolerance): both schedules, l2 = 0 and l2 &gt; 0, l1 large enough for exact zeros.
 */
class FobosRowsTest {
  private static FobosHyperParams[] hypers() {
    return new FobosHyperParams[] {new FobosHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.05, 0.0),
        new FobosHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.05, 0.5),
        new FobosHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.05, 0.0),
        new FobosHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.05, 0.5)};
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerAndKeepExactZeros() {
    for (FobosHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.follow(
          new FobosOptimizer(hyper, DIMENSION, NUM_REGULARIZED), new FobosRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void twoPassesMergeAsTheDoubleAveragingMerge() {
    for (FobosHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.mergeOfTwoPasses(
          w0 -> new FobosOptimizer(hyper, w0, NUM_REGULARIZED), new FobosRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void stepSizeDecayRestartsAsTheDoubleOptimizer() {
    for (FobosHyperParams hyper : hypers()) {
      if (hyper.schedule() == LearningRateSchedule.CONSTANT) {
        SteppedRowsTesting.stepSizeScaled(w0 -> new FobosOptimizer(hyper, w0, NUM_REGULARIZED),
            new FobosRows(hyper), 0.5).assertClose(hyper.toString());
      } else {
        RowStore[] owners = {new RowStore(1, 1, true), new RowStore(1, 3, true), new RowStore(1, 1, true)};
        assertNull(new FobosRows(hyper).withStepSizeScaled(0.5, owners, WIDTHS, PENALIZED), "invSqrt decays");
      }
    }
  }
}
