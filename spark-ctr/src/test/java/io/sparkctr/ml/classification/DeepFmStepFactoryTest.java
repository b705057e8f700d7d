package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.optim.dense.FeatureCounts;
import io.sparkctr.optim.dense.MiniBatchOptimizerRegistry;
import io.sparkctr.testing.SparseData;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.DeepFmPass;
import io.sparkctr.train.DeepFmState;
import io.sparkctr.train.DeepFmTrainer;
import io.sparkctr.train.DeepFmTrainerTest;
import io.sparkctr.train.DeepFmTrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The DeepFM optimizer Param's step factory over a task's rows: Helen's fields and (paper mode) scales are
 * the model's, gathered for the rows the task holds, so a pass steps as the whole state would.
 */
class DeepFmStepFactoryTest {
  @Test
  void everyOptimizerStepsATasksRowsAsTheWholeStateWould() {
    SparseData data = new SparseData(45, 600, 4, 500, false);
    CsrBlock block = data.blockWithFields(0, 200);
    int[] fields = new int[data.numFeatures];
    double[] counts = new double[data.numFeatures];
    for (int j = 0; j < data.numFeatures; j++) {
      fields[j] = j / 500;
      counts[j] = (j * 7919) % 60; // some zero counts too
    }
    for (String optimizer : MiniBatchOptimizerRegistry.OPTIMIZERS.names()) {
      for (boolean official : new boolean[] {false, true}) {
        java.util.Map<String, Object> settings = java.util.Map.of("rho", 0.05, "zeta", 0.3, "netPerturbation", true,
            "helenMode", official ? "officialCode" : "paper", "helenCountsPath", "", "l1", 1e-4, "l21", 1e-3);
        DeepFmStepFactory step = new DeepFmStepFactory(optimizer, 0.01, settings, FeatureCounts.of(fields, counts));
        DeepFmTrainingConfig config = new DeepFmTrainingConfig(new DeepFmLayout(data.numFeatures, 4, 3,
            new int[] {6}, true), 1e-5, 0.0, 32, 0.01, 5L, 1, step);
        DeepFmState start = config.initialState();
        DeepFmState merged = start.copy();
        DeepFmTrainer.apply(merged, DeepFmPass.run(config, start, block, 1, 0, 0, 1));
        DeepFmState whole = DeepFmTrainerTest.wholeStatePass(config, start, block);
        String arm = optimizer + (official ? " (official code)" : "");
        assertArrayEquals(whole.sparse(), merged.sparse(), 0.0, arm);
        assertArrayEquals(whole.dense(), merged.dense(), 0.0, arm);
      }
    }
  }
}
