package io.sparkctr.train;

import io.sparkctr.optim.ftrl.FtrlHyperParams;
import java.io.Serializable;

/**
 * What one FTRL logistic-regression training run needs besides its data.
 *
 * @param hyper FTRL-Proximal hyperparameters
 * @param numFeatures size of the feature space (indices in [0, numFeatures))
 * @param fitIntercept whether an unpenalised intercept coordinate (index numFeatures) is learned
 * @param seed seed of the per-epoch, per-partition row shuffle
 */
public record FtrlTrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed)
    implements Serializable {
  public FtrlTrainingConfig {
    if (numFeatures < 0 || numFeatures == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("numFeatures MUST be in [0, 2^31 - 1), but got " + numFeatures);
    }
  }

  /** Coordinates the optimizer holds: the features, plus one for the intercept. */
  public int dimension() {
    return fitIntercept ? numFeatures + 1 : numFeatures;
  }
}
