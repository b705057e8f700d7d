package io.sparkctr.train;

import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.optim.SparseOnlineOptimizer;
import java.util.List;

/**
 * The training engine that the Spark layer and the tests share. An epoch starts from the current
 * optimizer state, runs {@link LogisticPass} over every partition from that same state, sums the
 * partitions' summable increments and merges the sum into the state with the optimizer's
 * {@link io.sparkctr.optim.MergeRule} (algorithms.md section 10).
 * How the passes run is the {@link EpochRunner}'s business: {@link #sequential} runs them here, one
 * after another; the Spark estimator runs them as tasks and merges with {@code treeAggregate}. With
 * one partition an epoch is exactly one online pass, and Spark gives exactly this trainer's model.
 */
public final class LocalTrainer {
  private LocalTrainer() {}

  /** Runs one round of an epoch's passes from the given state and returns their merged result. */
  @FunctionalInterface
  public interface EpochRunner {
    PassResult run(SparseOnlineOptimizer state, int epoch, int round);
  }

  /** Told after each epoch; may read the model so far. */
  @FunctionalInterface
  public interface EpochListener {
    void onEpoch(EpochStats stats);
  }

  /** Scores the model after an epoch on the validation rows (never trained on). */
  @FunctionalInterface
  public interface Validator {
    /** @param parameters the flat parameters after the epoch (read only) */
    ValidationMetrics evaluate(double[] parameters);
  }

  /**
   * What a run returns.
   *
   * @param parameters the flat parameters of the epoch the stopping rule chose
   * @param history one record per epoch run
   * @param bestEpoch the chosen epoch (0 when no epoch ran)
   */
  public record Fit(double[] parameters, java.util.List<EpochRecord> history, int bestEpoch) {}

  /** What one epoch did. {@link #model()} computes the weights from the state (O(model) work). */
  public static final class EpochStats {
    private final int epoch;
    private final PassResult result;
    private final double seconds;
    private final TrainingConfig config;
    private final SparseOnlineOptimizer state;
    private final EpochRecord record;
    private final double[] parameters;

    EpochStats(int epoch, PassResult result, double seconds, TrainingConfig config, SparseOnlineOptimizer state,
        EpochRecord record, double[] parameters) {
      this.epoch = epoch;
      this.result = result;
      this.seconds = seconds;
      this.config = config;
      this.state = state;
      this.record = record;
      this.parameters = parameters;
    }

    /** The epoch's line: losses, validation metrics, whether it is the best so far. */
    public EpochRecord record() {
      return record;
    }

    /** The run's configuration (its model's layout, optimizer, ...). */
    public TrainingConfig config() {
      return config;
    }

    /** 1-based epoch number. */
    public int epoch() {
      return epoch;
    }

    public double trainLogLoss() {
      return result.meanLoss();
    }

    public long rows() {
      return result.rows();
    }

    /** Coordinates whose state the epoch's largest merged round changed. */
    public int touchedCoordinates() {
      return result.delta().size();
    }

    /** Bytes of state increments of the epoch's largest merged round. */
    public long deltaBytes() {
      return result.delta().payloadBytes();
    }

    /** Bytes of state increments every pass of the epoch returned for aggregation, all rounds together. */
    public long aggregatedBytes() {
      return result.shippedBytes();
    }

    public double seconds() {
      return seconds;
    }

    /** The logistic-regression model so far (for a {@link io.sparkctr.models.lr.LinearMargin} config). */
    public LinearModel model() {
      return toModel(config, parameters());
    }

    /** The flat parameters so far, the model's layout (O(model) work; a copy). */
    public double[] parameters() {
      if (parameters != null) {
        return parameters.clone();
      }
      final double[] all = new double[config.dimension()];
      state.weights(all);
      return all;
    }
  }

  /** Runs the passes of an epoch one after another in this thread, merging in partition order. */
  public static EpochRunner sequential(TrainingConfig config, List<CsrBlock> partitions) {
    return (state, epoch, round) -> {
      PassResult merged = PassResult.empty(config.optimizer().merge().columns());
      for (int p = 0; p < partitions.size(); p++) {
        merged = PassResult.merge(merged, LogisticPass.run(config, state, partitions.get(p), epoch, round, p));
      }
      return merged;
    };
  }

  /** Trains on in-memory partitions; the reference the Spark estimator is tested against. */
  public static LinearModel train(TrainingConfig config, List<CsrBlock> partitions, int epochs) {
    return train(config, epochs, sequential(config, partitions), stats -> {});
  }

  /**
   * The epoch loop.
   *
   * @param epochs number of passes over the data, &gt;= 0
   */
  public static LinearModel train(
      TrainingConfig config, int epochs, EpochRunner runner, EpochListener listener) {
    return toModel(config, fit(config, epochs, runner, listener));
  }

  /** Trains on in-memory partitions and returns the flat parameters in the model's layout. */
  public static double[] fit(TrainingConfig config, List<CsrBlock> partitions, int epochs) {
    return fit(config, epochs, sequential(config, partitions), stats -> {});
  }

  /**
   * The epoch loop, for any {@link io.sparkctr.models.MarginFunction}, {@code epochs} epochs: returns the
   * last epoch's flat parameters.
   *
   * @param epochs number of passes over the data, &gt;= 0
   */
  public static double[] fit(TrainingConfig config, int epochs, EpochRunner runner, EpochListener listener) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs MUST be >= 0, but got " + epochs);
    }
    return fit(config, StoppingRule.fixed(epochs), runner, null, listener).parameters();
  }

  /**
   * The epoch loop under a stopping rule: epochs run until the rule stops them, and the run returns the
   * parameters of the epoch it chose (the best validation epoch, else the last).
   *
   * @param validator scores each epoch's model on the validation rows, or null when there are none
   */
  public static Fit fit(TrainingConfig config, StoppingRule rule, EpochRunner runner, Validator validator,
      EpochListener listener) {
    SparseOnlineOptimizer state = config.initialState();
    double stepSizeFactor = 1.0;
    final StoppingRule.Monitor monitor = rule.monitor();
    final java.util.List<EpochRecord> history = new java.util.ArrayList<>();
    double[] chosen = null;
    for (int epoch = 1; epoch <= rule.maxIter(); epoch++) {
      final long start = System.nanoTime();
      PassResult epochTotal = PassResult.empty(config.optimizer().merge().columns());
      for (int round = 0; round < config.syncsPerEpoch(); round++) {
        PassResult result = runner.run(state, epoch, round);
        LogisticPass.apply(config, state, result);
        epochTotal = epochTotal.plusLoss(result);
      }
      final double seconds = (System.nanoTime() - start) / 1e9;
      double[] parameters = null;
      ValidationMetrics validation = null;
      if (validator != null) {
        parameters = new double[config.dimension()];
        state.weights(parameters);
        validation = validator.evaluate(parameters);
      }
      final StoppingRule.Decision decision = monitor.onEpoch(epoch, epochTotal.meanLoss(), validation);
      if (decision.best() && parameters != null) {
        chosen = parameters;
      }
      final EpochRecord record = new EpochRecord(epoch, epochTotal.meanLoss(), epochTotal.rows(),
          epochTotal.shippedBytes(), seconds, validation, decision.best(), stepSizeFactor);
      history.add(record);
      listener.onEpoch(new EpochStats(epoch, epochTotal, seconds, config, state, record, parameters));
      if (decision.stop()) {
        break;
      }
      // The plain-step optimizers decay on a plateau; the adaptive ones (AdaGrad, FTRL, RDA, group) already
      // shrink their steps per coordinate and carry state a restart would lose.
      if (decision.decayStepSize() && state instanceof io.sparkctr.optim.SteppedWeightOptimizer stepped
          && stepped.decays()) {
        state = stepped.withStepSizeScaled(rule.stepSizeDecay());
        stepSizeFactor *= rule.stepSizeDecay();
      }
    }
    if (chosen == null) { // no validation: the last epoch's model
      chosen = new double[config.dimension()];
      state.weights(chosen);
    }
    return new Fit(chosen, java.util.List.copyOf(history), monitor.bestEpoch());
  }

  /** Validation on in-memory blocks: the model's margins over them, scored on the driver. */
  public static Validator validator(TrainingConfig config, List<CsrBlock> validation) {
    return parameters -> {
      ValidationScores all = ValidationScores.empty();
      for (CsrBlock block : validation) {
        all = ValidationScores.merge(all, ValidationScores.of(block, scorer(config.model(), parameters)));
      }
      return all.metrics();
    };
  }

  /** Scores blocks with a margin function at fixed parameters (serializable: it travels to Spark tasks). */
  public static ValidationScores.BlockScorer scorer(io.sparkctr.models.MarginFunction model, double[] parameters) {
    return (block, out) -> {
      final java.util.function.IntToDoubleFunction read = i -> parameters[i];
      for (int r = 0; r < block.numRows; r++) {
        out[r] = model.margin(read, block.indices, block.values, block.fields, block.rowStart[r],
            block.rowStart[r + 1]);
      }
    };
  }

  static LinearModel toModel(TrainingConfig config, double[] all) {
    if (!(config.model() instanceof io.sparkctr.models.lr.LinearMargin)) {
      throw new IllegalArgumentException("A LinearModel needs a logistic-regression config, but the model is "
          + config.model());
    }
    return LinearModel.fromParameters(all, io.sparkctr.models.FeatureIndex.identity(config.numFeatures()),
        config.fitIntercept());
  }
}
