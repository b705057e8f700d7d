package io.sparkctr.train;

import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.optim.SparseOnlineOptimizer;
import java.util.List;

/**
 * Training of logistic regression, FM and FFM, which the Spark layer and the tests share, on the one epoch loop
 * ({@link EpochLoop}). Each round of an epoch runs every partition's pass from the current state and merges the
 * passes into it with the optimizer's merge rule (algorithms.md section 10); how the passes run is the
 * {@link Engine}'s business: {@link #sequential} runs them here, one after another; the Spark estimator runs
 * them as tasks and merges with {@code treeAggregate}. Every sparse optimizer trains on float parameter rows
 * ({@link RowTrainer}); the double state ({@link #legacy}) remains as the reference the float rows are measured
 * against ({@link #sequentialDouble}, and on Spark the developer switch {@code spark.sparkctr.engine=double}).
 * With one partition an epoch is exactly one online pass, and Spark gives exactly this trainer's model.
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

  /**
   * A model in training as the epoch loop sees it: rounds that run every partition's pass from the current
   * state and merge them into it, and the parameters so far. {@link #legacy} runs the double-state
   * optimizers; {@link RowTrainer#engine} the float parameter rows (the optimizers that have a row form).
   */
  public interface Engine {
    /** Runs round {@code round} (0-based) of {@code epoch} (1-based) and merges it into the state. */
    Round round(int epoch, int round);

    /** The flat parameters so far, in the model's layout (O(model) work; a copy). */
    double[] parameters();

    /**
     * After a plateau: continues with the step size times {@code factor} when the optimizer decays (the
     * plain-step ones), and says whether it did.
     */
    boolean decayStepSize(double factor);
  }

  /**
   * What one merged round did.
   *
   * @param touched parameters whose state the round changed
   * @param payloadBytes bytes of the merged round's state increments
   * @param shippedBytes bytes of state increments all the round's passes returned for merging
   */
  public record Round(double lossSum, double weightSum, long rows, long touched, long payloadBytes,
      long shippedBytes) {
    static Round of(PassResult r) {
      return new Round(r.lossSum(), r.weightSum(), r.rows(), r.delta().size(), r.delta().payloadBytes(),
          r.shippedBytes());
    }
  }

  /** What one epoch did. {@link #parameters()} computes the weights from the state (O(model) work). */
  public static final class EpochStats {
    private final int epoch;
    private final double seconds;
    private final TrainingConfig config;
    private final EpochRecord record;
    private final double meanLoss;
    private final long touched;
    private final long deltaBytes;
    private final long aggregatedBytes;
    private final java.util.function.Supplier<double[]> parameters;

    EpochStats(int epoch, double seconds, TrainingConfig config, EpochRecord record, double meanLoss, long touched,
        long deltaBytes, long aggregatedBytes, java.util.function.Supplier<double[]> parameters) {
      this.epoch = epoch;
      this.seconds = seconds;
      this.config = config;
      this.record = record;
      this.meanLoss = meanLoss;
      this.touched = touched;
      this.deltaBytes = deltaBytes;
      this.aggregatedBytes = aggregatedBytes;
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
      return meanLoss;
    }

    public long rows() {
      return record.rows();
    }

    /** Parameters whose state the epoch's largest merged round changed. */
    public long touchedCoordinates() {
      return touched;
    }

    /** Bytes of state increments of the epoch's largest merged round. */
    public long deltaBytes() {
      return deltaBytes;
    }

    /** Bytes of state increments every pass of the epoch returned for aggregation, all rounds together. */
    public long aggregatedBytes() {
      return aggregatedBytes;
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
      return parameters.get();
    }
  }

  /** The double-state engine: each round runs {@code runner} from the state, then merges with the optimizer's rule. */
  public static Engine legacy(TrainingConfig config, EpochRunner runner) {
    return new Engine() {
      private SparseOnlineOptimizer state = config.initialState();

      @Override
      public Round round(int epoch, int round) {
        final PassResult result = runner.run(state, epoch, round);
        LogisticPass.apply(config, state, result);
        return Round.of(result);
      }

      @Override
      public double[] parameters() {
        final double[] all = new double[config.dimension()];
        state.weights(all);
        return all;
      }

      @Override
      public boolean decayStepSize(double factor) {
        // The plain-step optimizers decay on a plateau; the adaptive ones (AdaGrad, FTRL, RDA, group) already
        // shrink their steps per coordinate and carry state a restart would lose.
        if (state instanceof io.sparkctr.optim.SteppedWeightOptimizer stepped && stepped.decays()) {
          state = stepped.withStepSizeScaled(factor);
          return true;
        }
        return false;
      }
    };
  }

  /** Runs the passes of each round one after another in this thread, over in-memory partitions, on float rows. */
  public static Engine sequential(TrainingConfig config, List<CsrBlock> partitions) {
    return RowTrainer.sequential(config, partitions);
  }

  /**
   * The double-state engine over in-memory partitions, for every optimizer: the reference the float rows are
   * measured against.
   */
  public static Engine sequentialDouble(TrainingConfig config, List<CsrBlock> partitions) {
    return legacy(config, (state, epoch, round) -> {
      PassResult merged = PassResult.empty(config.optimizer().merge().columns());
      for (int p = 0; p < partitions.size(); p++) {
        merged = PassResult.merge(merged, LogisticPass.run(config, state, partitions.get(p), epoch, round, p));
      }
      return merged;
    });
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
  public static LinearModel train(TrainingConfig config, int epochs, Engine engine, EpochListener listener) {
    return toModel(config, fit(config, epochs, engine, listener));
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
  public static double[] fit(TrainingConfig config, int epochs, Engine engine, EpochListener listener) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs MUST be >= 0, but got " + epochs);
    }
    return fit(config, StoppingRule.fixed(epochs), engine, null, listener).parameters();
  }

  /**
   * The epoch loop under a stopping rule: epochs run until the rule stops them, and the run returns the
   * parameters of the epoch it chose (the best validation epoch, else the last).
   *
   * @param validator scores each epoch's model on the validation rows, or null when there are none
   */
  public static Fit fit(TrainingConfig config, StoppingRule rule, Engine engine, Validator validator,
      EpochListener listener) {
    final EpochLoop.Result<double[]> result = EpochLoop.run(config.syncsPerEpoch(), rule,
        new EpochLoop.Model<double[]>() {
          @Override
          public Round round(int epoch, int round) {
            return engine.round(epoch, round);
          }

          @Override
          public double[] current() {
            return engine.parameters(); // a copy already
          }

          @Override
          public double[] keep(double[] current) {
            return current;
          }

          @Override
          public boolean decayStepSize(double factor) {
            return engine.decayStepSize(factor);
          }
        }, validator == null ? null : validator::evaluate,
        // the listener's parameters are a copy of their own: it may keep or change them
        (record, touched, deltaBytes, model) -> listener.onEpoch(new EpochStats(record.epoch(), record.seconds(),
            config, record, record.trainLogLoss(), touched, deltaBytes, record.aggregatedBytes(),
            validator != null ? () -> model.get().clone() : model)));
    return new Fit(result.model(), result.history(), result.bestEpoch());
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
