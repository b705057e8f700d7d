package io.sparkctr.train;

import io.sparkctr.optim.OptimizerSpec;
import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.lr.LinearMargin;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import java.io.Serializable;

/**
 * What one training run needs besides its data.
 *
 * @param optimizer the optimizer and how partitions' passes merge
 * @param model the margin as a function of the parameters: its layout, and the random start of its
 *     factors if any ({@link MarginFunction#initialWeights})
 * @param seed seed of the per-epoch, per-partition row shuffle
 * @param syncsPerEpoch how many times per epoch the partitions' passes are merged (&gt;= 1): each
 *     round runs every partition over the next slice of its rows from the merged state
 * @param initialWeights the parameters to start from (a warm start, e.g. a refit), or null for the
 *     model's start (zeros, or random factors)
 * @param support the penalised coordinates allowed to be nonzero (the rest read as 0 and are never
 *     updated), or null for all: a refit trains on the support an L1 run selected
 */
public record TrainingConfig(OptimizerSpec optimizer, MarginFunction model, long seed, int syncsPerEpoch,
    double[] initialWeights, boolean[] support) implements Serializable {
  public TrainingConfig {
    if (optimizer == null || model == null) {
      throw new IllegalArgumentException("optimizer and model MUST be given");
    }
    if (initialWeights != null && initialWeights.length != model.dimension()) {
      throw new IllegalArgumentException("Dimension mismatch: " + initialWeights.length
          + " initial weights for a model of " + model.dimension() + " parameters");
    }
    if (support != null && support.length != model.numRegularized()) {
      throw new IllegalArgumentException("Dimension mismatch: a support of " + support.length + " for "
          + model.numRegularized() + " penalised parameters");
    }
    if (syncsPerEpoch < 1) {
      throw new IllegalArgumentException("syncsPerEpoch MUST be >= 1, but got " + syncsPerEpoch);
    }
  }

  /** Logistic regression ({@link LinearMargin}) from a warm start or zeros, over a support or all features. */
  public TrainingConfig(OptimizerSpec optimizer, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch,
      double[] initialWeights, boolean[] support) {
    this(optimizer, new LinearMargin(numFeatures, fitIntercept), seed, syncsPerEpoch, initialWeights, support);
  }

  /** Logistic regression from the optimizer's zero state, over every feature. */
  public TrainingConfig(OptimizerSpec optimizer, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch) {
    this(optimizer, numFeatures, fitIntercept, seed, syncsPerEpoch, null, null);
  }

  /** Logistic regression with FTRL-Proximal and the given hyperparameters. */
  public TrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed, int syncsPerEpoch) {
    this(OptimizerSpec.ftrl(hyper), numFeatures, fitIntercept, seed, syncsPerEpoch);
  }

  /** Logistic regression with FTRL-Proximal, one merge per epoch. */
  public TrainingConfig(FtrlHyperParams hyper, int numFeatures, boolean fitIntercept, long seed) {
    this(hyper, numFeatures, fitIntercept, seed, 1);
  }

  public int numFeatures() {
    return model.numFeatures();
  }

  public boolean fitIntercept() {
    return model.fitIntercept();
  }

  /** Parameter coordinates, the intercept included. */
  public int dimension() {
    return model.dimension();
  }

  /** The state this run starts from: a warm start from initialWeights, else the model's start. */
  public SparseOnlineOptimizer initialState() {
    final double[] start = initialWeights != null ? initialWeights.clone() : model.initialWeights();
    return start == null ? optimizer.create(model.dimension(), model.numRegularized())
        : optimizer.createFrom(start, model.numRegularized());
  }

  /**
   * This configuration starting from the model's start (or its warm start) with the intercept at
   * {@code intercept}, e.g. the log-odds of the training rows' base rate, so that the first epoch does not
   * spend its steps (and, for the adaptive optimizers, its accumulators) walking the intercept there from
   * 0. The same configuration without an intercept.
   */
  public TrainingConfig withInterceptStart(double intercept) {
    if (!model.fitIntercept()) {
      return this;
    }
    final double[] start = initialWeights != null ? initialWeights.clone()
        : model.initialWeights() != null ? model.initialWeights() : new double[model.dimension()];
    start[model.numRegularized()] = intercept;
    return new TrainingConfig(optimizer, model, seed, syncsPerEpoch, start, support);
  }

  /**
   * What the tasks of a distributed pass need: this configuration without its starting weights, which
   * only the driver's {@link #initialState()} reads (they are as large as the model, and a task's closure
   * would ship them every round).
   */
  public TrainingConfig forTasks() {
    return initialWeights == null ? this : new TrainingConfig(optimizer, model, seed, syncsPerEpoch, null, support);
  }

  /**
   * The refit of an L1 run (relaxed lasso, Meinshausen 2007): the same model trained by
   * {@code withoutL1} (the run's optimizer with its sparsity off), warm-started from the run's
   * parameters, over only the penalised parameters they kept, so it never adds a nonzero. The support is
   * chosen per weight for linear weights and per embedding row for factors: a row with any nonzero entry
   * is kept whole (group lasso selects rows, and the refit then trains every entry of the kept rows).
   *
   * @param selected the L1 run's parameters
   */
  public TrainingConfig refit(OptimizerSpec withoutL1, double[] selected) {
    if (selected.length != model.dimension()) {
      throw new IllegalArgumentException("Dimension mismatch: " + selected.length + " parameters for a model of "
          + model.dimension());
    }
    final boolean[] kept = new boolean[model.numRegularized()];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = selected[i] != 0.0;
    }
    if (model instanceof io.sparkctr.models.fm.FactorizedMargin factorized
        && factorized.layout().factorSize() > 0) {
      final io.sparkctr.models.fm.FactorLayout layout = factorized.layout();
      final int k = layout.factorSize();
      for (int row = layout.factorOffset(); row < layout.numRegularized(); row += k) {
        boolean any = false;
        for (int c = 0; c < k; c++) {
          any |= kept[row + c];
        }
        java.util.Arrays.fill(kept, row, row + k, any);
      }
    }
    return new TrainingConfig(withoutL1, model, seed, syncsPerEpoch, selected.clone(), kept);
  }

  /** Whether penalised coordinate i may take part in training. */
  public boolean inSupport(int i) {
    return support == null || support[i];
  }
}
