package io.sparkctr.train;

import java.io.Serializable;

/**
 * When training stops, which epoch's model it returns, and when the step size decays.
 *
 * <ul>
 *   <li>With validation rows: after each epoch the model is scored on them; an epoch <em>improves</em> when
 *       its score ({@link ValidationMetrics#score} of {@code metric}) beats the best so far by more than
 *       {@code tol} times max(|best|, 0.01) (MLlib's GBT {@code validationTol} convention). Training stops
 *       after {@code patience} epochs in a row without improvement, or at {@code maxIter}, and returns the
 *       best epoch's model. After each non-improving epoch the mini-batch optimizers multiply their step size
 *       by {@code stepSizeDecay} (the official Helen code's ReduceLROnPlateau, factor 0.1, patience 0).
 *   <li>Without: training stops when an epoch lowers the training log loss by less than {@code tol} of the
 *       previous epoch's, or at {@code maxIter}, and returns the last epoch's model.
 * </ul>
 *
 * @param maxIter the most epochs, &gt;= 0
 * @param tol relative improvement that counts, &gt;= 0 (0: any improvement counts, and without validation
 *     training runs all maxIter epochs)
 * @param patience non-improving epochs in a row that stop training, &gt;= 1
 * @param metric what validation maximises: {@code auc}, {@code logLoss} (minimised) or {@code aucMinusLogLoss}
 * @param stepSizeDecay factor in (0, 1] applied to the step size after a non-improving validated epoch (1: none)
 */
public record StoppingRule(int maxIter, double tol, int patience, String metric, double stepSizeDecay)
    implements Serializable {
  /** The validation metrics early stopping can maximise. */
  public static final String[] METRICS = {"auc", "logLoss", "aucMinusLogLoss"};

  public StoppingRule {
    if (maxIter < 0) {
      throw new IllegalArgumentException("maxIter MUST be >= 0, but got " + maxIter);
    }
    if (!(tol >= 0) || !Double.isFinite(tol)) {
      throw new IllegalArgumentException("tol MUST be finite and >= 0, but got " + tol);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("earlyStoppingPatience MUST be >= 1, but got " + patience);
    }
    if (!java.util.List.of(METRICS).contains(metric)) {
      throw new IllegalArgumentException("The validation metric MUST be one of " + String.join(", ", METRICS)
          + ", but got '" + metric + "'");
    }
    if (!(stepSizeDecay > 0 && stepSizeDecay <= 1)) {
      throw new IllegalArgumentException("stepSizeDecay MUST be in (0, 1], but got " + stepSizeDecay);
    }
  }

  /** Exactly {@code epochs} epochs without validation rows, the last one's model (no stopping, no decay). */
  public static StoppingRule fixed(int epochs) {
    return new StoppingRule(epochs, 0.0, Integer.MAX_VALUE, "logLoss", 1.0);
  }

  /** Follows one run's epochs and says, after each, whether it is the best so far and whether to stop. */
  public Monitor monitor() {
    return new Monitor(this);
  }

  /** What to do after an epoch. */
  public record Decision(boolean best, boolean stop, boolean decayStepSize) {}

  /** The state of one run's stopping rule. */
  public static final class Monitor {
    private final StoppingRule rule;
    private double bestScore = Double.NaN;
    private int bestEpoch;
    private int badEpochs;
    private double previousLoss = Double.NaN;

    private Monitor(StoppingRule rule) {
      this.rule = rule;
    }

    /**
     * @param validation the epoch's validation metrics, or null without validation rows
     */
    public Decision onEpoch(int epoch, double trainLogLoss, ValidationMetrics validation) {
      if (validation != null) {
        final double score = validation.score(rule.metric);
        if (Double.isNaN(score) || Double.isInfinite(score)) {
          // The model diverged (NaN margins): it cannot recover, so stop with the best model so far.
          return new Decision(false, true, false);
        }
        final boolean improved = bestEpoch == 0
            || score - bestScore > rule.tol * Math.max(Math.abs(bestScore), 0.01);
        if (improved) {
          bestScore = score;
          bestEpoch = epoch;
          badEpochs = 0;
        } else {
          badEpochs++;
        }
        final boolean stop = epoch >= rule.maxIter || badEpochs >= rule.patience;
        return new Decision(improved, stop, !improved && rule.stepSizeDecay < 1.0);
      }
      // Without validation the last epoch is the model; stop once the training loss stalls.
      final boolean stalled = rule.tol > 0 && epoch > 1 && !(previousLoss - trainLogLoss > rule.tol * previousLoss);
      final boolean diverged = Double.isNaN(trainLogLoss) || Double.isInfinite(trainLogLoss);
      previousLoss = trainLogLoss;
      bestEpoch = epoch;
      return new Decision(true, epoch >= rule.maxIter || stalled || diverged, false);
    }

    /** The epoch whose model the run returns (0 before the first epoch). */
    public int bestEpoch() {
      return bestEpoch;
    }
  }
}
