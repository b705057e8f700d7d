package io.sparkctr.ml.classification;

import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.DenseOptimizer;
import io.sparkctr.optim.dense.FeatureCounts;
import io.sparkctr.optim.dense.MiniBatchOptimizerRegistry;
import io.sparkctr.optim.dense.ParameterLayout;
import io.sparkctr.train.DeepFmTrainingConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code optimizer} Param of the DeepFM estimator as the engine's step factory: the {@link
 * MiniBatchOptimizerRegistry} entry of that name with the values of the Params it owns. Wiring only: the math
 * is in {@code io.sparkctr.optim.dense}.
 */
final class DeepFmStepFactory implements DeepFmTrainingConfig.StepFactory {
  private static final long serialVersionUID = 2L;

  private final String optimizer;
  private final double learningRate;
  /** The values of the Params the optimizer owns, by name (Double, Boolean or String). */
  private final HashMap<String, Object> settings;
  /** The model's feature statistics, when the optimizer needs them (Helen); else null. */
  private final FeatureCounts counts;

  /**
   * @param settings the values of the Params the optimizer owns
   * @param counts every model feature's field and count, when the optimizer {@link
   *     MiniBatchOptimizerRegistry.Entry#needsCounts needs them}; else null
   */
  DeepFmStepFactory(String optimizer, double learningRate, Map<String, Object> settings, FeatureCounts counts) {
    final MiniBatchOptimizerRegistry.Entry entry = MiniBatchOptimizerRegistry.OPTIMIZERS.get(optimizer);
    if (entry.needsCounts() && counts == null) {
      throw new IllegalArgumentException("Optimizer '" + optimizer + "' needs each feature's field and count");
    }
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.settings = new HashMap<>(settings);
    this.counts = entry.needsCounts() ? counts : null;
  }

  private MiniBatchOptimizerRegistry.Entry entry() {
    return MiniBatchOptimizerRegistry.OPTIMIZERS.get(optimizer);
  }

  private MiniBatchOptimizerRegistry.Settings settings() {
    final MiniBatchOptimizerRegistry.Entry entry = entry();
    return new MiniBatchOptimizerRegistry.Settings() {
      private Object value(String param) {
        final Object v = settings.get(param);
        if (!entry.params().contains(param) || v == null) {
          throw new IllegalStateException("Optimizer '" + optimizer + "' read Param " + param
              + ", which it does not own or was not given");
        }
        return v;
      }

      @Override
      public double number(String param) {
        return ((Number) value(param)).doubleValue();
      }

      @Override
      public boolean flag(String param) {
        return (Boolean) value(param);
      }

      @Override
      public String text(String param) {
        return (String) value(param);
      }
    };
  }

  @Override
  public DenseOptimizer base(ParameterLayout parameters) {
    return entry().base().create(parameters, learningRate, settings());
  }

  @Override
  public BatchStep wrap(DenseOptimizer base, int[] rows) {
    final FeatureCounts stats = counts == null || rows == null ? counts : counts.rows(rows);
    return entry().step().wrap(base, settings(), stats);
  }
}
