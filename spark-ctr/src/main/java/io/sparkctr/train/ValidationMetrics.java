package io.sparkctr.train;

import java.io.Serializable;

/**
 * A model's quality on the validation rows after an epoch.
 *
 * @param auc weighted area under the ROC curve (NaN when one class is absent)
 * @param logLoss weighted mean log loss
 * @param rows validation rows scored
 */
public record ValidationMetrics(double auc, double logLoss, long rows) implements Serializable {
  /**
   * The quantity early stopping maximises for a metric name ({@link StoppingRule#metric()}); the negated
   * log loss when the AUC is undefined (validation rows of one class).
   */
  public double score(String metric) {
    if (Double.isNaN(auc)) {
      return -logLoss;
    }
    switch (metric) {
      case "auc":
        return auc;
      case "logLoss":
        return -logLoss;
      default: // "aucMinusLogLoss", the monitor of FuxiCTR and the official Helen code
        return auc - logLoss;
    }
  }
}
