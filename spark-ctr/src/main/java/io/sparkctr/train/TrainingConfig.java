package io.sparkctr.train;

import io.sparkctr.optim.OptimizerSpec;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import java.io.Serializable;

/**
 * What one logistic-regression training run needs besides its data.
 *
 * @param optimizer the optimizer and how partitions' passes merge
 * @param numFeatures size of the feature space (indices in [0, numFeatures))
 * @param fitIntercept whether an unpenalised intercept coordinate (index numFeatures) is learned
 * @param seed seed of the per-epoch, per-partition row shuffle
 * @param syncsPerEpoch how many times per epoch the partitions' passes are merged (&gt;= 1): each
 *     round runs every partition over the next slice of its rows from the merged state
 * @param initialWeights the weights to start from (features, then the intercept when fitted), or
 *     null for the optimizer's zero state
 * @param support the features allowed a nonzero weight (the rest are left out of every row), or null
 *     for all: a refit trains on the support an L1 run selected
 */
public record TrainingConfig(OptimizerSpec optimizer, int numFeatures, boolean fitIntercept, long seed,
    int syncsPerEpoch, double[] initialWeights, boolean[] support) implements Serializable {
  public TrainingConfig {
    if (initialWeights != null && initialWeights.length != (fitIntercept ? numFeatures + 1 : numFeatures)) {
      throw new IllegalArgumentException("Dimension mismatch: " + initialWeights.length
          + " initial weights for " + numFeatures + " features" + (fitIntercept ? " and an intercept" : ""));
    }
    if (support != null && support.length != numFeatures) {
      throw new IllegalArgumentException(
          "Dimension mismatch: a support of " + support.length + " for " + numFeatures + " features");
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer MUST be given");
    }
    if (syncsPerEpoch < 1) {
      throw new IllegalArgumentException("syncsPerEpoch MUST be >= 1, but got " + syncsPerEpoch);
    }
    if (numFeatures < 0 || numFeatures == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("numFeatures MUST be in [0, 2^31 - 1), but got " + numFeatures);
    }
  }

  /** From the optimizer's zero state, over every feature. */
  public TrainingConfig(OptimizerSpec optimizer, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch) {
    this(optimizer, numFeatures, fitIntercept, seed, syncsPerEpoch, null, null);
  }

  /** FTRL-Proximal with the given hyperparameters. */
  public TrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch) {
    this(OptimizerSpec.ftrl(hyper), numFeatures, fitIntercept, seed, syncsPerEpoch);
  }

  /** FTRL-Proximal, one merge per epoch. */
  public TrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed) {
    this(hyper, numFeatures, fitIntercept, seed, 1);
  }

  /** Coordinates the optimizer holds: the features, plus one for the intercept. */
  public int dimension() {
    return fitIntercept ? numFeatures + 1 : numFeatures;
  }

  /** The state this run starts from: the zero state, or a warm start from initialWeights. */
  public io.sparkctr.optim.SparseOnlineOptimizer initialState() {
    return initialWeights == null ? optimizer.create(dimension(), numFeatures)
        : optimizer.createFrom(initialWeights.clone(), numFeatures);
  }

  /** Whether feature j may take part in training. */
  public boolean inSupport(int j) {
    return support == null || support[j];
  }
}
