package io.sparkctr.optim.truncatedgradient;

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
 * Truncated Gradient on float rows against the double {@link TruncatedGradientOptimizer}
 * (SteppedRowsTesting's stream and tolerance): K = 1 and K = 4, theta infinite and finite, gravity large
 * enough for exact zeros.
 */
class TruncatedGradientRowsTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private static TruncatedGradientHyperParams[] hypers() {
    java.util.List<TruncatedGradientHyperParams> out = new java.util.ArrayList<>();
    for (LearningRateSchedule schedule : LearningRateSchedule.values()) {
      final double eta0 = schedule == LearningRateSchedule.CONSTANT ? 0.1 : 0.2;
      out.add(new TruncatedGradientHyperParams(eta0, schedule, 0.05, INF, 1));
      out.add(new TruncatedGradientHyperParams(eta0, schedule, 0.05, INF, 4));
      out.add(new TruncatedGradientHyperParams(eta0, schedule, 0.05, 0.3, 4));
    }
    return out.toArray(new TruncatedGradientHyperParams[0]);
  }

  @Test
  void floatRowsFollowTheDoubleOptimizerAndTruncateToExactZeros() {
    for (TruncatedGradientHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.follow(
          new TruncatedGradientOptimizer(hyper, DIMENSION, NUM_REGULARIZED), new TruncatedGradientRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void twoPassesMergeAsTheDoubleAveragingMerge() {
    for (TruncatedGradientHyperParams hyper : hypers()) {
      SteppedRowsTesting.Stats stats = SteppedRowsTesting.mergeOfTwoPasses(
          w0 -> new TruncatedGradientOptimizer(hyper, w0, NUM_REGULARIZED), new TruncatedGradientRows(hyper));
      stats.assertClose(hyper.toString());
      stats.assertZeros(hyper.toString());
    }
  }

  @Test
  void stepSizeDecayRestartsAsTheDoubleOptimizer() {
    for (TruncatedGradientHyperParams hyper : hypers()) {
      if (hyper.schedule() == LearningRateSchedule.CONSTANT) {
        SteppedRowsTesting.stepSizeScaled(w0 -> new TruncatedGradientOptimizer(hyper, w0, NUM_REGULARIZED),
            new TruncatedGradientRows(hyper), 0.5).assertClose(hyper.toString());
      } else {
        RowStore[] owners = {new RowStore(1, 1, true), new RowStore(1, 3, true), new RowStore(1, 1, true)};
        assertNull(new TruncatedGradientRows(hyper).withStepSizeScaled(0.5, owners, WIDTHS, PENALIZED),
            "invSqrt decays");
      }
    }
  }
}
