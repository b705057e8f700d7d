package io.sparkctr.train;

import io.sparkctr.optim.dense.DenseOptimizer;
import java.util.List;

/**
 * DeepFM's training, shared by the Spark estimator and the tests, on the one epoch loop ({@link EpochLoop}):
 * each round every partition runs
 * its local mini-batch steps ({@link DeepFmPass}) from the same state, and the driver averages the
 * results (algorithms.md section 10, pattern 3): each sparse row over the partitions that touched it,
 * the dense parameters over the partitions that ran, the optimizer's state the same way (a dual sum,
 * {@link DenseOptimizer#mergesSparseStateBySum}, adds the partitions' changes instead). Why averaging
 * and not the gradient merge of pattern 1: pattern 1 needs a Spark round per mini-batch step
 * (hundreds per epoch) and ships the model each time; Adam's moments do not sum, so the state-delta
 * merge of pattern 2 does not apply. With one partition the average is that partition's state, so Spark
 * gives exactly this trainer's model.
 */
public final class DeepFmTrainer {
  private DeepFmTrainer() {}

  /** Runs one round of an epoch's passes from the given state and returns their summed deltas. */
  @FunctionalInterface
  public interface Runner {
    DeepFmDelta run(DeepFmState state, int epoch, int round);
  }

  /** Told after each epoch, with the state after it (read only). */
  @FunctionalInterface
  public interface Listener {
    void onEpoch(EpochRecord record, DeepFmState state);
  }

  /** Scores the model after an epoch on the validation rows (never trained on). */
  @FunctionalInterface
  public interface Validator {
    ValidationMetrics evaluate(DeepFmState state);
  }

  /**
   * What a run returns.
   *
   * @param state the model of the epoch the stopping rule chose (with the optimizer state of the last epoch
   *     run when that is the one chosen)
   * @param history one record per epoch run
   * @param bestEpoch the chosen epoch (0 when no epoch ran)
   */
  public record Fit(DeepFmState state, List<EpochRecord> history, int bestEpoch) {}

  /** The passes of a round one after another in this thread, merged in partition order. */
  public static Runner sequential(DeepFmTrainingConfig config, List<CsrBlock> partitions) {
    return (state, epoch, round) -> {
      DeepFmDelta merged = DeepFmDelta.empty();
      for (int p = 0; p < partitions.size(); p++) {
        merged = DeepFmDelta.merge(merged, DeepFmPass.run(config, state, partitions.get(p), epoch, round, p,
            partitions.size()));
      }
      return merged;
    };
  }

  /** Trains on in-memory partitions; the reference the Spark estimator is tested against. */
  public static DeepFmState train(DeepFmTrainingConfig config, List<CsrBlock> partitions, int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs MUST be >= 0, but got " + epochs);
    }
    return train(config, StoppingRule.fixed(epochs), sequential(config, partitions), null, (r, s) -> {}).state();
  }

  /**
   * The epoch loop under a stopping rule: epochs run until the rule stops them; after a non-improving
   * validated epoch both learning rates are multiplied by the rule's step-size decay; the run returns the
   * model of the epoch the rule chose (the best validation epoch, else the last).
   *
   * @param validator scores each epoch's model on the validation rows, or null when there are none
   */
  public static Fit train(DeepFmTrainingConfig config, StoppingRule rule, Runner runner, Validator validator,
      Listener listener) {
    final DeepFmState state = config.initialState();
    final EpochLoop.Result<DeepFmState> result = EpochLoop.run(config.syncsPerEpoch(), rule,
        new EpochLoop.Model<DeepFmState>() {
          @Override
          public LocalTrainer.Round round(int epoch, int round) {
            final DeepFmDelta delta = runner.run(state, epoch, round);
            apply(state, delta);
            return new LocalTrainer.Round(delta.lossSum, delta.weightSum, delta.numRows, delta.touchedRows(),
                delta.payloadBytes(), delta.payloadBytes());
          }

          @Override
          public DeepFmState current() {
            return state; // the live state: scored and observed read only
          }

          @Override
          public DeepFmState keep(DeepFmState current) {
            return current.copy();
          }

          @Override
          public boolean decayStepSize(double factor) {
            state.optimizer.setLearningRates(state.optimizer.sparseLearningRate() * factor,
                state.optimizer.denseLearningRate() * factor);
            return true;
          }
        }, validator == null ? null : validator::evaluate,
        (record, touched, deltaBytes, model) -> listener.onEpoch(record, model.get()));
    return new Fit(result.model(), result.history(), result.bestEpoch());
  }

  /** Validation on in-memory blocks: the model's margins over them, scored on the driver. */
  public static Validator validator(DeepFmTrainingConfig config, List<CsrBlock> validation) {
    return state -> {
      ValidationScores all = ValidationScores.empty();
      for (CsrBlock block : validation) {
        all = ValidationScores.merge(all, ValidationScores.of(block, scorer(config, state.sparse, state.dense)));
      }
      return all.metrics();
    };
  }

  /** Scores blocks with the DeepFM at fixed parameters, no dropout (serializable: it travels to Spark tasks). */
  public static ValidationScores.BlockScorer scorer(DeepFmTrainingConfig config, double[] sparse, double[] dense) {
    final io.sparkctr.models.deepfm.DeepFmLayout layout = config.layout();
    return (block, out) -> {
      final io.sparkctr.models.deepfm.DeepFmKernel kernel =
          new io.sparkctr.models.deepfm.DeepFmKernel(layout, 1, 0.0, 0.0);
      for (int r = 0; r < block.numRows; r++) {
        out[r] = kernel.margin(sparse, dense, block.indices, block.values, block.fields, block.rowStart[r],
            block.rowStart[r + 1]);
      }
    };
  }

  /**
   * One partition's end state as a delta: its touched rows, its dense part and their optimizer state.
   *
   * @param features the feature of each of the state's rows (ascending), by which the delta names them
   */
  static DeepFmDelta deltaOf(DeepFmState state, boolean[] touched, int[] features, double lossSum, double weightSum,
      long numRows) {
    final DenseOptimizer optimizer = state.optimizer;
    final int width = optimizer.layout().rowWidth();
    final double[][] sparseState = optimizer.sparseState();
    int count = 0;
    for (boolean t : touched) {
      count += t ? 1 : 0;
    }
    final int[] rows = new int[count];
    final int[] counts = new int[count];
    final double[] values = new double[count * width];
    final double[][] states = new double[sparseState.length][count * width];
    int k = 0;
    for (int j = 0; j < touched.length; j++) {
      if (touched[j]) {
        rows[k] = features[j];
        counts[k] = 1;
        System.arraycopy(state.sparse, j * width, values, k * width, width);
        for (int s = 0; s < sparseState.length; s++) {
          System.arraycopy(sparseState[s], j * width, states[s], k * width, width);
        }
        k++;
      }
    }
    final double[][] denseState = optimizer.denseState();
    final double[][] denseStates = new double[denseState.length][];
    for (int s = 0; s < denseState.length; s++) {
      denseStates[s] = denseState[s].clone();
    }
    return new DeepFmDelta(width, rows, counts, values, states, state.dense.clone(), denseStates, 1,
        optimizer.steps(), lossSum, weightSum, numRows);
  }

  /** Averages a round's summed deltas into the state they all started from. */
  public static void apply(DeepFmState state, DeepFmDelta delta) {
    if (delta.partitions == 0) {
      return;
    }
    final DenseOptimizer optimizer = state.optimizer;
    final int width = delta.rowWidth;
    final double[][] sparseState = optimizer.sparseState();
    final boolean[] summed = new boolean[sparseState.length];
    for (int s = 0; s < summed.length; s++) {
      summed[s] = optimizer.mergesSparseStateBySum(s);
    }
    final double[] start = new double[sparseState.length];
    for (int k = 0; k < delta.rows.length; k++) {
      final int j = delta.rows[k];
      final double n = delta.counts[k];
      for (int c = 0; c < width; c++) {
        final int i = j * width + c;
        // A dual sum adds the partitions' changes to its start value (read before any column changes);
        // moments are averaged.
        for (int s = 0; s < sparseState.length; s++) {
          start[s] = n > 1 && summed[s] ? optimizer.sparseMergeStart(s, i, state.sparse[i]) : Double.NaN;
        }
        state.sparse[i] = delta.values[k * width + c] / n;
        for (int s = 0; s < sparseState.length; s++) {
          final double sum = delta.states[s][k * width + c];
          sparseState[s][i] = n > 1 && summed[s] ? sum - (n - 1) * start[s] : sum / n;
        }
      }
      if (n > 1) {
        optimizer.setRowWeightsFromState(state.sparse, j);
      }
    }
    final double p = delta.partitions;
    for (int i = 0; i < state.dense.length; i++) {
      state.dense[i] = delta.dense[i] / p;
    }
    final double[][] denseState = optimizer.denseState();
    for (int s = 0; s < denseState.length; s++) {
      for (int i = 0; i < denseState[s].length; i++) {
        denseState[s][i] = delta.denseStates[s][i] / p;
      }
    }
    // Partitions run near-equal slices, so P times the longest pass is the steps they all took.
    final long before = optimizer.steps();
    optimizer.setSteps(optimizer.countsEveryPartitionsSteps()
        ? before + (delta.steps - before) * delta.partitions : delta.steps);
  }
}
