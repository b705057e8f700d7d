package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.testing.NaiveFtrl;
import io.sparkctr.testing.SparseData;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.2, 1.0, 0.5, 0.1);

  /**
   * A naive FTRL-Proximal logistic regression written straight from the paper's Algorithm 1, with
   * boxed maps and no tricks, visiting rows in the given order. The reference for the trainer.
   */

  private static double[] append(double[] a, double v) {
    double[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private static double[] withIntercept(LinearModel m) {
    return append(m.weights(), m.intercept());
  }

  @Test
  void oneEpochOnOnePartitionEqualsTheNaivePaperImplementation() {
    SparseData data = new SparseData(11, 3000, 6, 40, true);
    TrainingConfig config = new TrainingConfig(HYPER, data.numFeatures, true, 99L);
    LinearModel model = trainDouble(config, List.of(data.block(0, data.numRows())), 1);
    int[] order = RowPass.blockShuffledOrder(data.numRows(), 99L, 1, 0);
    // The naive version uses the textbook 1 / (1 + exp(-m)), which can differ from the overflow-safe
    // sigmoid in the last bit; everything else is the same arithmetic.
    assertArrayEquals(NaiveFtrl.weights(data, order, HYPER, data.numFeatures), withIntercept(model), 1e-13);
  }

  /** The row orders of epochs 1..epochs of one partition, one after another. */
  private static int[] epochOrders(int numRows, long seed, int epochs) {
    int[] order = new int[0];
    for (int e = 1; e <= epochs; e++) {
      int[] next = RowPass.blockShuffledOrder(numRows, seed, e, 0);
      int[] joined = java.util.Arrays.copyOf(order, order.length + next.length);
      System.arraycopy(next, 0, joined, order.length, next.length);
      order = joined;
    }
    return order;
  }

  /** The double-state engine (the float rows' reference). */
  private static LinearModel trainDouble(TrainingConfig config, List<CsrBlock> blocks, int epochs) {
    return LocalTrainer.train(config, epochs, LocalTrainer.sequentialDouble(config, blocks), stats -> {});
  }

  /**
   * The float rows (what {@link LocalTrainer#train} runs for FTRL) against the naive double implementation over
   * the same row orders, epochs and merges: within 1e-4 of the largest weight (float's 24-bit mantissa, rounded
   * once per step over thousands of steps).
   */
  @Test
  void floatRowsFollowTheNaiveImplementationWithinFloatPrecision() {
    SparseData data = new SparseData(12, 1500, 5, 30, true);
    for (int merges : new int[] {1, 5}) {
      TrainingConfig config = new TrainingConfig(HYPER, data.numFeatures, true, 5L, merges);
      int epochs = 3;
      LinearModel model = LocalTrainer.train(config, List.of(data.block(0, data.numRows())), epochs);
      double[] expected = NaiveFtrl.weights(data, epochOrders(data.numRows(), 5L, epochs), HYPER, data.numFeatures);
      double[] actual = withIntercept(model);
      double max = 0;
      double error = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i]));
        error = Math.max(error, Math.abs(expected[i] - actual[i]));
      }
      assertTrue(max > 0.1, "the model learned something: " + max);
      assertTrue(error <= 1e-4 * max, merges + " merges: max |float - double| " + error + " vs max |w| " + max);
    }
  }

  @Test
  void severalEpochsFollowTheNaiveImplementationOverTheSameRowOrders() {
    SparseData data = new SparseData(12, 1500, 5, 30, false);
    TrainingConfig config = new TrainingConfig(HYPER, data.numFeatures, true, 5L);
    int epochs = 3;
    LinearModel model = trainDouble(config, List.of(data.block(0, data.numRows())), epochs);
    int[] order = epochOrders(data.numRows(), 5L, epochs);
    // Epoch boundaries add and subtract the epoch's starting state, which may round in the last bit.
    assertArrayEquals(NaiveFtrl.weights(data, order, HYPER, data.numFeatures), withIntercept(model), 1e-12);
  }

  @Test
  void severalMergesPerEpochOnOnePartitionStillFollowTheNaiveImplementation() {
    // One partition merged after every slice of its rows is one online pass, up to rounding.
    SparseData data = new SparseData(17, 2000, 5, 30, true);
    TrainingConfig config = new TrainingConfig(HYPER, data.numFeatures, true, 8L, 7);
    LinearModel model = trainDouble(config, List.of(data.block(0, data.numRows())), 1);
    int[] order = RowPass.blockShuffledOrder(data.numRows(), 8L, 1, 0);
    assertArrayEquals(NaiveFtrl.weights(data, order, HYPER, data.numFeatures), withIntercept(model), 1e-12);
  }

  @Test
  void partitionsOverDisjointFeaturesTrainIndependently() {
    // Two partitions that share no feature (and no intercept) must each give their own model.
    SparseData data = new SparseData(13, 2000, 4, 25, false);
    CsrBlock first = data.block(0, 1000);
    SparseData shifted = new SparseData(14, 1000, 4, 25, false);
    CsrBlockBuilder builder = new CsrBlockBuilder();
    for (int r = 0; r < shifted.numRows(); r++) {
      int[] idx = shifted.indices.get(r).clone();
      for (int p = 0; p < idx.length; p++) {
        idx[p] += data.numFeatures;
      }
      builder.add(shifted.labels.get(r), 1.0, idx, shifted.values.get(r), idx.length, 2 * data.numFeatures, r);
    }
    CsrBlock second = builder.build();
    TrainingConfig both = new TrainingConfig(HYPER, 2 * data.numFeatures, false, 3L);
    LinearModel merged = LocalTrainer.train(both, List.of(first, second), 1);

    TrainingConfig firstOnly = new TrainingConfig(HYPER, 2 * data.numFeatures, false, 3L);
    LinearModel a = LocalTrainer.train(firstOnly, List.of(first), 1);
    for (int j = 0; j < data.numFeatures; j++) {
      assertEquals(a.weight(j), merged.weight(j), 0.0, "feature " + j);
    }
    assertTrue(merged.numNonzeros() > a.numNonzeros(), "the second partition's features were learned too");
  }

  @Test
  void reportsProgressiveLossEveryEpochAndItFalls() {
    SparseData data = new SparseData(15, 4000, 6, 20, false);
    TrainingConfig config = new TrainingConfig(new FtrlHyperParams(0.1, 1, 0, 0), data.numFeatures, true, 1L);
    double[] losses = new double[3];
    LocalTrainer.train(config, 3, LocalTrainer.sequential(config, List.of(data.block(0, 2000), data.block(2000, 4000))),
        stats -> {
          losses[stats.epoch() - 1] = stats.trainLogLoss();
          assertEquals(4000, stats.rows());
          assertTrue(stats.touchedCoordinates() > 0);
        });
    assertTrue(losses[2] < losses[0], java.util.Arrays.toString(losses));
    assertTrue(losses[0] < Math.log(2), "better than a coin after one epoch: " + losses[0]);
  }

  @Test
  void aggregatedBytesAreEveryPassDeltaSizedToItsTouchedCoordinates() {
    SparseData data = new SparseData(17, 4000, 6, 2000, false); // 12,000 features, 1,000 rows per pass
    TrainingConfig config = new TrainingConfig(io.sparkctr.optim.OptimizerSpec.ftrl(new FtrlHyperParams(0.1, 1, 0, 0)), data.numFeatures, true, 1L, 2);
    List<CsrBlock> blocks = List.of(data.block(0, 2000), data.block(2000, 4000));
    long[] reported = new long[1];
    SparseOnlineOptimizer[] start = {config.initialState()};
    long expected = 0;
    for (int round = 0; round < 2; round++) {
      long roundBytes = 0;
      PassResult merged = PassResult.empty(config.optimizer().merge().columns());
      for (int p = 0; p < blocks.size(); p++) {
        PassResult pass = LogisticPass.run(config, start[0], blocks.get(p), 1, round, p);
        // 4 bytes of index and 8 per state column for each touched coordinate, and no more
        assertEquals(pass.delta().size() * (4L + 8L * pass.delta().numColumns()), pass.shippedBytes());
        // a pass over a thousand rows touches far fewer than the model's coordinates, and ships only those
        assertTrue(pass.delta().size() < config.dimension() / 2, pass.delta().size() + " of " + config.dimension());
        roundBytes += pass.shippedBytes();
        merged = PassResult.merge(merged, pass);
      }
      assertEquals(roundBytes, merged.shippedBytes());
      LogisticPass.apply(config, start[0], merged);
      expected += roundBytes;
    }
    LocalTrainer.train(config, 1, LocalTrainer.sequentialDouble(config, blocks),
        stats -> reported[0] = stats.aggregatedBytes());
    assertEquals(expected, reported[0]);
  }

  @Test
  void aFloatRowRoundShipsOnlyTheRowsItsPassesTouched() {
    SparseData data = new SparseData(17, 4000, 6, 2000, false); // 12,000 features, 1,000 rows per pass
    TrainingConfig config = new TrainingConfig(new FtrlHyperParams(0.1, 1, 0, 0), data.numFeatures, true, 1L, 2);
    List<CsrBlock> blocks = List.of(data.block(0, 2000), data.block(2000, 4000));
    io.sparkctr.models.RowKernel kernel = RowTrainer.kernel(config.model());
    io.sparkctr.optim.ftrl.FtrlRows optimizer = RowTrainer.optimizer(config);
    RowState<io.sparkctr.optim.ftrl.FtrlRows> state = RowTrainer.start(config, kernel, optimizer);
    long expected = 0;
    for (int round = 0; round < 2; round++) {
      RowPass.Result merged = RowPass.Result.empty(RowPass.valuesPerRow(kernel, optimizer));
      for (int p = 0; p < blocks.size(); p++) {
        CsrBlock block = blocks.get(p);
        RowPass.Result pass = RowPass.run(kernel, state, null, block, config.seed(), 1, round, 2, p);
        // the distinct features of the slice's rows, counted here, are exactly the rows the pass ships
        int[] order = RowPass.blockShuffledOrder(block.numRows(), config.seed(), 1, p);
        java.util.BitSet features = new java.util.BitSet();
        for (int e = RowPass.sliceStart(order.length, round, 2); e < RowPass.sliceStart(order.length, round + 1, 2); e++) {
          for (int i = block.rowStart[order[e]]; i < block.rowStart[order[e] + 1]; i++) {
            features.set(block.indices[i]);
          }
        }
        assertEquals(features.cardinality(), pass.delta(0).size());
        assertTrue(features.cardinality() < data.numFeatures / 2, features.cardinality() + " of " + data.numFeatures);
        assertEquals(1, pass.delta(1).size(), "and the intercept");
        expected += pass.payloadBytes();
        merged = RowPass.Result.merge(merged, pass);
      }
      RowPass.apply(kernel, state, merged);
    }
    long[] reported = new long[1];
    LocalTrainer.train(config, 1, LocalTrainer.sequential(config, blocks), stats -> reported[0] = stats.aggregatedBytes());
    assertEquals(expected, reported[0]);
  }

  @Test
  void shuffleDependsOnlyOnSeedEpochAndPartition() {
    assertArrayEquals(LogisticPass.shuffledOrder(100, 1, 2, 3), LogisticPass.shuffledOrder(100, 1, 2, 3));
    assertTrue(!java.util.Arrays.equals(
        LogisticPass.shuffledOrder(100, 1, 2, 3), LogisticPass.shuffledOrder(100, 1, 3, 3)));
  }

  @Test
  void rejectsRowsWiderThanTheModel() {
    SparseData data = new SparseData(16, 10, 2, 5, false);
    TrainingConfig narrow = new TrainingConfig(HYPER, 3, true, 1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalTrainer.train(narrow, List.of(data.block(0, 10)), 1));
    assertTrue(e.getMessage().contains("Dimension mismatch"), e.getMessage());
  }

  @Test
  void blockBuilderRejectsBadLabelsWeightsAndValues() {
    CsrBlockBuilder b = new CsrBlockBuilder();
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> b.add(0.7, 1, new int[] {0}, new double[] {1}, 1, 4, 17)).getMessage().contains("0.7 (row 17)"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> b.add(1, -1, new int[] {0}, new double[] {1}, 1, 4, 3)).getMessage().contains("-1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> b.add(1, 1, new int[] {0}, new double[] {Double.NaN}, 1, 4, 3)).getMessage().contains("NaN"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> b.add(1, 1, new int[] {4}, new double[] {1}, 1, 4, 3)).getMessage().contains("[0, 4)"));
  }
}
