package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.optim.dense.AdamStep;
import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.DenseOptimizer;
import io.sparkctr.optim.dense.ParameterLayout;
import io.sparkctr.optim.dense.PlainStep;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.testing.SparseData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engines under a stopping rule: the best epoch's model is returned; DeepFM's step decays on a plateau. */
class EarlyStoppingTest {
  /** Validation metrics that get worse after epoch 2, whatever the model (epoch e gets aucs[e - 1]). */
  private static final double[] AUCS = {0.70, 0.72, 0.71, 0.705, 0.74};

  @Test
  void theBestEpochsParametersAreReturnedWhenValidationGetsWorseAfterEpochTwo() {
    SparseData data = new SparseData(5, 3000, 6, 30, true);
    List<CsrBlock> blocks = List.of(data.block(0, 3000));
    TrainingConfig config = new TrainingConfig(new FtrlHyperParams(0.2, 1.0, 0.1, 0.1), data.numFeatures, true, 3L, 2)
        .withInterceptStart(-1.0);
    int[] epoch = {0};
    List<EpochRecord> history = new ArrayList<>();
    LocalTrainer.Fit fit = LocalTrainer.fit(config, new StoppingRule(20, 0.0, 2, "auc", 1.0),
        LocalTrainer.sequential(config, blocks), parameters -> new ValidationMetrics(AUCS[epoch[0]++], 0.5, 10),
        stats -> history.add(stats.record()));
    assertEquals(2, fit.bestEpoch());
    assertEquals(4, history.size(), "patience 2: epochs 3 and 4 do not improve, so training stops after 4");
    assertEquals(history, fit.history());
    assertTrue(history.get(1).best() && !history.get(2).best() && !history.get(3).best());
    double[] twoEpochs = LocalTrainer.fit(config, blocks, 2);
    double[] fourEpochs = LocalTrainer.fit(config, blocks, 4);
    assertArrayEquals(twoEpochs, fit.parameters(), 0.0, "the model of epoch 2, exactly");
    assertTrue(java.util.Arrays.stream(fourEpochs).anyMatch(w -> w != 0.0)
        && !java.util.Arrays.equals(twoEpochs, fourEpochs), "the last epoch's model differs from the one returned");
  }

  @Test
  void theInterceptStartsAtTheBaseRate() {
    SparseData data = new SparseData(6, 2000, 4, 20, true);
    CsrBlock block = data.block(0, 2000);
    double positive = 0;
    double all = 0;
    for (int r = 0; r < data.numRows(); r++) {
      positive += data.weights.get(r) * data.labels.get(r);
      all += data.weights.get(r);
    }
    double logOdds = Math.log(positive / all / (1 - positive / all));
    assertEquals(logOdds, BlockSummary.of(block).baseRateLogOdds(), 1e-12);
    TrainingConfig config = new TrainingConfig(new FtrlHyperParams(0.2, 1.0, 0.0, 0.0), data.numFeatures, true, 3L, 1)
        .withInterceptStart(logOdds);
    double[] start = LocalTrainer.fit(config, List.of(block), 0);
    assertEquals(logOdds, start[data.numFeatures], Math.ulp((float) logOdds),
        "before any step the intercept is the base rate's log-odds (as a float parameter row stores it)");
    for (int j = 0; j < data.numFeatures; j++) {
      assertEquals(0.0, start[j], 0.0);
    }
  }

  @Test
  void plainSgdDecaysOnAPlateauAndFtrlDoesNot() {
    SparseData data = new SparseData(8, 1500, 4, 20, true);
    List<CsrBlock> blocks = List.of(data.block(0, 1500));
    io.sparkctr.optim.OptimizerSpec sgd = io.sparkctr.optim.OptimizerSpec.sgd(new io.sparkctr.optim.sgd.SgdHyperParams(
        0.05, io.sparkctr.optim.schedule.LearningRateSchedule.CONSTANT, 0.0));
    for (boolean plain : new boolean[] {true, false}) {
      TrainingConfig config = plain ? new TrainingConfig(sgd, data.numFeatures, true, 3L, 1)
          : new TrainingConfig(new FtrlHyperParams(0.2, 1.0, 0.0, 0.0), data.numFeatures, true, 3L, 1);
      int[] epoch = {0};
      List<EpochRecord> history = new ArrayList<>();
      List<double[]> weights = new ArrayList<>();
      LocalTrainer.fit(config, new StoppingRule(5, 0.0, 3, "auc", 0.1), LocalTrainer.sequential(config, blocks),
          parameters -> new ValidationMetrics(AUCS[epoch[0]++], 0.5, 10), stats -> {
            history.add(stats.record());
            weights.add(stats.parameters());
          });
      double[] factors = history.stream().mapToDouble(EpochRecord::stepSizeFactor).toArray();
      assertArrayEquals(plain ? new double[] {1, 1, 1, 0.1, 0.01} : new double[] {1, 1, 1, 1, 1}, factors, 1e-15,
          plain ? "SGD: epoch 4 runs at a tenth of the step, epoch 5 at a hundredth" : "FTRL adapts its own steps");
      if (plain) {
        // At a hundredth of the step, epoch 5 moves the weights far less than epoch 3 did.
        assertTrue(distance(weights.get(4), weights.get(3)) < 0.1 * distance(weights.get(2), weights.get(1)));
      }
    }
  }

  private static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(d);
  }

  @Test
  void deepFmDecaysItsStepSizeAfterEachEpochThatDoesNotImprove() {
    SparseData data = new SparseData(7, 800, 4, 20, false);
    DeepFmTrainingConfig config = new DeepFmTrainingConfig(new DeepFmLayout(data.numFeatures, 4, 3, new int[] {4}, true),
        1e-5, 0.0, 64, 0.01, 3L, 1, new DeepFmTrainingConfig.StepFactory() {
          @Override
          public DenseOptimizer base(ParameterLayout parameters) {
            return new AdamStep(parameters, 0.01, 0.02);
          }

          @Override
          public BatchStep wrap(DenseOptimizer base, int[] rows) {
            return new PlainStep(base);
          }
        }, 0.0);
    List<CsrBlock> blocks = List.of(data.blockWithFields(0, 800));
    int[] epoch = {0};
    List<double[]> rates = new ArrayList<>();
    List<EpochRecord> history = new ArrayList<>();
    DeepFmTrainer.Fit fit = DeepFmTrainer.train(config, new StoppingRule(5, 0.0, 3, "auc", 0.1),
        DeepFmTrainer.sequential(config, blocks), state -> new ValidationMetrics(AUCS[epoch[0]++], 0.5, 10),
        (record, state) -> {
          history.add(record);
          rates.add(new double[] {state.optimizer().sparseLearningRate(), state.optimizer().denseLearningRate()});
        });
    assertEquals(5, history.size(), "epochs 3 and 4 do not improve, epoch 5 does: patience 3 never runs out");
    assertEquals(5, fit.bestEpoch());
    double[] factors = history.stream().mapToDouble(EpochRecord::stepSizeFactor).toArray();
    assertArrayEquals(new double[] {1, 1, 1, 0.1, 0.01}, factors, 1e-15, "epoch 4 runs at 0.1, epoch 5 at 0.01");
    assertArrayEquals(new double[] {0.01 * 0.01, 0.02 * 0.01}, rates.get(4), 1e-15);
  }

  @Test
  void deepFmsAutoBatchFitsTheDataSize() {
    assertEquals(4096, DeepFmTrainingConfig.autoBatchSize(45_000_000L), "large data: the cap");
    assertEquals(4096, DeepFmTrainingConfig.autoBatchSize(20 * 4096));
    assertEquals(2048, DeepFmTrainingConfig.autoBatchSize(20 * 4096 - 1));
    assertEquals(256, DeepFmTrainingConfig.autoBatchSize(7200), "the Criteo sample's training rows: 28 steps");
    assertEquals(32, DeepFmTrainingConfig.autoBatchSize(100), "tiny data: the floor");
    for (long rows : new long[] {700, 7_200, 81_920, 200_000}) {
      int batch = DeepFmTrainingConfig.autoBatchSize(rows);
      assertTrue(rows / batch >= 20 && (batch == 4096 || rows / (2L * batch) < 20), rows + " rows: batch " + batch);
    }
  }
}
