package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.optim.dense.AdamStep;
import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.DenseOptimizer;
import io.sparkctr.optim.dense.ParameterLayout;
import io.sparkctr.optim.dense.PlainStep;
import io.sparkctr.testing.SparseData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeepFM's engine: the averaging merge of partitions' local steps, and determinism. */
public class DeepFmTrainerTest {
  private static final DeepFmTrainingConfig.StepFactory ADAM = new DeepFmTrainingConfig.StepFactory() {
    @Override
    public DenseOptimizer base(ParameterLayout parameters) {
      return new AdamStep(parameters, 0.01, 0.01);
    }

    @Override
    public BatchStep wrap(DenseOptimizer base, int[] rows) {
      return new PlainStep(base);
    }
  };

  private static DeepFmTrainingConfig config(SparseData data, int syncs) {
    return new DeepFmTrainingConfig(new DeepFmLayout(data.numFeatures, 4, 3, new int[] {6}, true), 1e-5, 0.0, 32,
        0.01, 3L, syncs, ADAM);
  }

  @Test
  void theMergeAveragesEachRowOverThePartitionsThatTouchedIt() {
    // 4,000 features, 1,000 rows per partition: the partitions touch some rows together, most alone.
    SparseData data = new SparseData(41, 2000, 4, 1000, false);
    DeepFmTrainingConfig config = config(data, 1);
    CsrBlock a = data.blockWithFields(0, 1000);
    CsrBlock b = data.blockWithFields(1000, 2000);
    DeepFmState start = config.initialState();
    DeepFmDelta da = DeepFmPass.run(config, start, a, 1, 0, 0, 2);
    DeepFmDelta db = DeepFmPass.run(config, start, b, 1, 0, 1, 2);
    DeepFmDelta merged = DeepFmDelta.merge(da, db);
    DeepFmState state = start.copy();
    DeepFmTrainer.apply(state, merged);
    int width = config.layout().sparseRowSize();
    for (int k = 0; k < merged.rows.length; k++) {
      int j = merged.rows[k];
      double sum = 0;
      int n = 0;
      for (DeepFmDelta d : List.of(da, db)) {
        int at = java.util.Arrays.binarySearch(d.rows, j);
        if (at >= 0) {
          sum += d.values[at * width + 1];
          n++;
        }
      }
      assertEquals(sum / n, state.sparse()[j * width + 1], 1e-15, "row " + j + " averaged over " + n);
    }
    for (int i = 0; i < state.dense().length; i++) {
      assertEquals((da.dense[i] + db.dense[i]) / 2, state.dense()[i], 1e-15);
    }
    assertEquals(Math.max(da.steps, db.steps), state.optimizer().steps());
    assertTrue(merged.touchedRows() < data.numFeatures, "sized to the touched rows: " + merged.touchedRows());
    assertEquals(8L * merged.rows.length + 8L * merged.rows.length * width * 3 + 8L * state.dense().length * 3,
        merged.payloadBytes(), "touched rows and the dense part, each with Adam's two moments");
  }

  @Test
  void theBatchIsGlobalSoPPartitionsTakeOnePartitionsStepsPerEpoch() {
    assertEquals(1366, DeepFmPass.localBatchSize(4096, 3));
    assertEquals(1, DeepFmPass.localBatchSize(5, 8));
    assertEquals(4096, DeepFmPass.localBatchSize(4096, 1));
    SparseData data = new SparseData(43, 2000, 4, 100, false);
    DeepFmTrainingConfig config = config(data, 1); // global batch 32
    DeepFmState start = config.initialState();
    DeepFmDelta whole = DeepFmPass.run(config, start, data.blockWithFields(0, 2000), 1, 0, 0, 1);
    DeepFmDelta half = DeepFmPass.run(config, start, data.blockWithFields(0, 1000), 1, 0, 0, 2);
    assertEquals(2000 / 32 + 1, whole.steps); // 62 batches of 32 and one of 16
    assertEquals(whole.steps, half.steps, "1000 rows in batches of 16: as many steps as 2000 in batches of 32");
  }

  @Test
  void onePartitionsMergeIsItsStateAndTrainingIsDeterministic() {
    SparseData data = new SparseData(42, 1500, 4, 10, false);
    DeepFmTrainingConfig config = config(data, 3);
    List<CsrBlock> one = List.of(data.blockWithFields(0, 1500));
    DeepFmState x = DeepFmTrainer.train(config, one, 2);
    DeepFmState y = DeepFmTrainer.train(config, one, 2);
    assertEquals(java.util.Arrays.toString(x.sparse()), java.util.Arrays.toString(y.sparse()));
    assertEquals(java.util.Arrays.toString(x.dense()), java.util.Arrays.toString(y.dense()));
    // One round, one partition: the merged state is the pass's end state, bit for bit.
    DeepFmState start = config.initialState();
    DeepFmDelta delta = DeepFmPass.run(config, start, one.get(0), 1, 0, 0, 1);
    DeepFmState merged = start.copy();
    DeepFmTrainer.apply(merged, DeepFmDelta.merge(DeepFmDelta.empty(), delta));
    for (int k = 0; k < delta.rows.length; k++) {
      int j = delta.rows[k];
      for (int c = 0; c < delta.rowWidth; c++) {
        assertEquals(delta.values[k * delta.rowWidth + c], merged.sparse()[j * delta.rowWidth + c], 0.0);
      }
    }
  }

  @Test
  void aPassHoldsOnlyItsBlocksRowsAndStepsAsTheWholeStateWould() {
    // 2,000 features; a block of 150 rows has a few hundred of them.
    SparseData data = new SparseData(44, 600, 4, 500, false);
    CsrBlock block = data.blockWithFields(100, 250);
    int[] fields = new int[data.numFeatures];
    double[] counts = new double[data.numFeatures];
    for (int j = 0; j < data.numFeatures; j++) {
      fields[j] = j / 500;
      counts[j] = 1 + (j * 7919) % 50;
    }
    io.sparkctr.optim.dense.FeatureCounts stats = io.sparkctr.optim.dense.FeatureCounts.of(fields, counts);
    DeepFmTrainingConfig.StepFactory helen = new DeepFmTrainingConfig.StepFactory() {
      @Override
      public DenseOptimizer base(ParameterLayout parameters) {
        return new AdamStep(parameters, 0.01, 0.01);
      }

      @Override
      public BatchStep wrap(DenseOptimizer base, int[] rows) {
        return io.sparkctr.optim.dense.HelenStep.paper(base, 0.05, 0.3, true, rows == null ? stats : stats.rows(rows));
      }
    };
    for (DeepFmTrainingConfig.StepFactory step : List.of(ADAM, helen)) {
      DeepFmTrainingConfig config = new DeepFmTrainingConfig(new DeepFmLayout(data.numFeatures, 4, 3, new int[] {6},
          true), 1e-5, 0.0, 32, 0.01, 3L, 1, step);
      DeepFmState start = config.initialState();
      DeepFmDelta delta = DeepFmPass.run(config, start, block, 1, 0, 0, 1);
      assertEquals(block.localFeatures().features().length, delta.touchedRows(), "the block's rows");
      assertTrue(delta.touchedRows() < data.numFeatures / 3, "a minority of the model: " + delta.touchedRows());
      DeepFmState merged = start.copy();
      DeepFmTrainer.apply(merged, delta);
      DeepFmState whole = wholeStatePass(config, start, block);
      org.junit.jupiter.api.Assertions.assertArrayEquals(whole.sparse(), merged.sparse(), 0.0);
      org.junit.jupiter.api.Assertions.assertArrayEquals(whole.dense(), merged.dense(), 0.0);
      double[][] a = whole.optimizer().sparseState();
      double[][] b = merged.optimizer().sparseState();
      for (int s = 0; s < a.length; s++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a[s], b[s], 0.0, "state column " + s);
      }
      assertEquals(whole.optimizer().steps(), merged.optimizer().steps());
    }
  }

  /**
   * The naive reference of a one-partition, one-round, dropout-free {@link DeepFmPass}: a copy of the whole
   * state, the block's global feature numbers, the same batches in the same order.
   */
  public static DeepFmState wholeStatePass(DeepFmTrainingConfig config, DeepFmState start, CsrBlock block) {
    DeepFmState whole = start.copy();
    int[] order = LogisticPass.shuffledOrder(block.numRows(), config.seed(), 1, 0);
    io.sparkctr.models.deepfm.DeepFmKernel kernel = new io.sparkctr.models.deepfm.DeepFmKernel(config.layout(),
        config.batchSize(), config.embeddingL2(), 0.0);
    DeepFmPass.Oracle oracle = new DeepFmPass.Oracle(kernel, block, block.indices, order,
        config.layout().sparseRowSize());
    BatchStep step = config.step().wrap(whole.optimizer(), null);
    for (int from = 0; from < order.length; from += config.batchSize()) {
      oracle.batch(from, Math.min(config.batchSize(), order.length - from), 0L);
      step.step(whole.sparse(), whole.dense(), oracle);
    }
    return whole;
  }
}
