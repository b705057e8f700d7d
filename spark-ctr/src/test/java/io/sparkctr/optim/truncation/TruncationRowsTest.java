package io.sparkctr.optim.truncation;

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
 * Simple truncation on float rows against the double {@link TruncationOptimizer} (SteppedRowsTesting's
 * stream and tolerance): theta large enough that the stream's weights are truncated to exact zeros.
 */
class TruncationRowsTest {
  private static TruncationHyperParams[] hypers() {
    return new TruncationHyperParams[] {new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.1, 1),
        new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.1, 5),
        new TruncationHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.1, 1),
        new TruncationHyperParams(0.2, LearningRateSchedule.INV_SQRT, 0.1, 5)};
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerAndTruncateToExactZeros() {
    for (TruncationHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.follow(
          new TruncationOptimizer(hyper, DIMENSION, NUM_REGULARIZED), new TruncationRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void twoPassesMergeAsTheDoubleAveragingMerge() {
    for (TruncationHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.mergeOfTwoPasses(
          w0 -> new TruncationOptimizer(hyper, w0, NUM_REGULARIZED), new TruncationRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void stepSizeDecayRestartsAsTheDoubleOptimizer() {
    for (TruncationHyperParams hyper : hypers()) {
      if (hyper.schedule() == LearningRateSchedule.CONSTANT) {
        SteppedRowsTesting.stepSizeScaled(w0 -> new TruncationOptimizer(hyper, w0, NUM_REGULARIZED),
            new TruncationRows(hyper), 0.5).assertClose(hyper.toString());
      } else {
        RowStore[] owners = {new RowStore(1, 1, true), new RowStore(1, 3, true), new RowStore(1, 1, true)};
        assertNull(new TruncationRows(hyper).withStepSizeScaled(0.5, owners, WIDTHS, PENALIZED), "invSqrt decays");
      }
    }
  }
}
