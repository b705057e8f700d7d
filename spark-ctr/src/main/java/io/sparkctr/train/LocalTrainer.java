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

  /** What one epoch did. {@link #model()} computes the weights from the state (O(model) work). */
  public static final class EpochStats {
    private final int epoch;
    private final PassResult result;
    private final double seconds;
    private final TrainingConfig config;
    private final SparseOnlineOptimizer state;

    EpochStats(int epoch, PassResult result, double seconds, TrainingConfig config, SparseOnlineOptimizer state) {
      this.epoch = epoch;
      this.result = result;
      this.seconds = seconds;
      this.config = config;
      this.state = state;
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

    /** The flat parameters so far, the model's layout (O(model) work). */
    public double[] parameters() {
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
   * The epoch loop, for any {@link io.sparkctr.models.MarginFunction}: returns the flat parameters.
   *
   * @param epochs number of passes over the data, &gt;= 0
   */
  public static double[] fit(TrainingConfig config, int epochs, EpochRunner runner, EpochListener listener) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs MUST be >= 0, but got " + epochs);
    }
    final SparseOnlineOptimizer state = config.initialState();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      final long start = System.nanoTime();
      PassResult epochTotal = PassResult.empty(config.optimizer().merge().columns());
      for (int round = 0; round < config.syncsPerEpoch(); round++) {
        PassResult result = runner.run(state, epoch, round);
        LogisticPass.apply(config, state, result);
        epochTotal = epochTotal.plusLoss(result);
      }
      listener.onEpoch(new EpochStats(epoch, epochTotal, (System.nanoTime() - start) / 1e9, config, state));
    }
    final double[] all = new double[config.dimension()];
    state.weights(all);
    return all;
  }

  static LinearModel toModel(TrainingConfig config, double[] all) {
    if (!(config.model() instanceof io.sparkctr.models.lr.LinearMargin)) {
      throw new IllegalArgumentException("A LinearModel needs a logistic-regression config, but the model is "
          + config.model());
    }
    return LinearModel.fromParameters(all, config.numFeatures(), config.fitIntercept());
  }
}
