package io.sparkctr.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The one epoch loop of every model (logistic regression, FM, FFM on {@link LocalTrainer}; DeepFM on
 * {@link DeepFmTrainer}): each epoch runs its rounds (every partition's pass from the current state, merged
 * into it), then scores the model on the validation rows, asks the {@link StoppingRule} whether to keep it,
 * stop, or decay the step size on a plateau, and tells an observer. The run returns the model of the epoch
 * the rule chose (the best validation epoch, else the last).
 *
 * @param <M> how a trainer hands out its model: the flat parameters, or DeepFM's state
 */
final class EpochLoop<M> {
  /** A model in training, as the loop drives it. */
  interface Model<M> {
    /** Runs round {@code round} (0-based) of {@code epoch} (1-based) and merges it into the state. */
    LocalTrainer.Round round(int epoch, int round);

    /** The model now, to score and hand to observers (read only; it may be the live state). */
    M current();

    /** A copy of {@code current} that later rounds do not change (a kept best epoch). */
    M keep(M current);

    /** After a plateau: continues at {@code factor} times the step size if the optimizer decays; says whether. */
    boolean decayStepSize(double factor);
  }

  /** Scores a model on the validation rows. */
  interface Validator<M> {
    ValidationMetrics evaluate(M model);
  }

  /**
   * Told after each epoch.
   *
   * @param touched state entries the epoch's largest merged round changed
   * @param deltaBytes bytes of the epoch's largest merged round
   * @param model the model after the epoch (the one the validator scored, when there is one)
   */
  interface Observer<M> {
    void onEpoch(EpochRecord record, long touched, long deltaBytes, java.util.function.Supplier<M> model);
  }

  /** What a run returns: the chosen epoch's model, one record per epoch, the chosen epoch (0 if none ran). */
  record Result<M>(M model, List<EpochRecord> history, int bestEpoch) {}

  private EpochLoop() {}

  static <M> Result<M> run(int roundsPerEpoch, StoppingRule rule, Model<M> model, Validator<M> validator,
      Observer<M> observer) {
    double stepSizeFactor = 1.0;
    final StoppingRule.Monitor monitor = rule.monitor();
    final List<EpochRecord> history = new ArrayList<>();
    M chosen = null;
    for (int epoch = 1; epoch <= rule.maxIter(); epoch++) {
      final long start = System.nanoTime();
      double lossSum = 0.0;
      double weightSum = 0.0;
      long rows = 0;
      long touched = 0;
      long deltaBytes = 0;
      long shipped = 0;
      for (int round = 0; round < roundsPerEpoch; round++) {
        final LocalTrainer.Round r = model.round(epoch, round);
        lossSum += r.lossSum();
        weightSum += r.weightSum();
        rows += r.rows();
        touched = Math.max(touched, r.touched());
        deltaBytes = Math.max(deltaBytes, r.payloadBytes());
        shipped += r.shippedBytes();
      }
      final double meanLoss = weightSum > 0 ? lossSum / weightSum : Double.NaN;
      final double seconds = (System.nanoTime() - start) / 1e9;
      M scored = null;
      ValidationMetrics validation = null;
      if (validator != null) {
        scored = model.current();
        validation = validator.evaluate(scored);
      }
      final StoppingRule.Decision decision = monitor.onEpoch(epoch, meanLoss, validation);
      if (decision.best() && scored != null) {
        chosen = model.keep(scored);
      }
      final EpochRecord record = new EpochRecord(epoch, meanLoss, rows, shipped, seconds, validation,
          decision.best(), stepSizeFactor);
      history.add(record);
      final M known = scored;
      observer.onEpoch(record, touched, deltaBytes, () -> known != null ? known : model.current());
      if (decision.stop()) {
        break;
      }
      if (decision.decayStepSize() && model.decayStepSize(rule.stepSizeDecay())) {
        stepSizeFactor *= rule.stepSizeDecay();
      }
    }
    if (chosen == null) { // no validation: the last epoch's model
      chosen = model.current();
    }
    return new Result<>(chosen, List.copyOf(history), monitor.bestEpoch());
  }
}
