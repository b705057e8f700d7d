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
 * @param syncsPerEpoch how many times per epoch the partitions' passes are merged (&gt;= 1): each
 *     round runs every partition over the next slice of its rows from the merged state
 */
public record FtrlTrainingConfig(
    FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch)
    implements Serializable {
  public FtrlTrainingConfig {
    if (syncsPerEpoch < 1) {
      throw new IllegalArgumentException("syncsPerEpoch MUST be >= 1, but got " + syncsPerEpoch);
    }
    if (numFeatures < 0 || numFeatures == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("numFeatures MUST be in [0, 2^31 - 1), but got " + numFeatures);
    }
  }

  /** One merge per epoch. */
  public FtrlTrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed) {
    this(hyper, numFeatures, fitIntercept, seed, 1);
  }

  /** Coordinates the optimizer holds: the features, plus one for the intercept. */
  public int dimension() {
    return fitIntercept ? numFeatures + 1 : numFeatures;
  }
}
