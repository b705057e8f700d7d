package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params of the models trained by the sparse online optimizers (the {@code optimizer} Param: FTRL, RDA, the SGD
 * family, the group optimizers): logistic regression ({@link FtrlLogisticRegressionParams}) and the
 * factorization machines ({@link FactorizationParams}), estimator and model alike.
 */
public interface SparseOnlineParams extends OptimizerChoiceParams, TrainingControlParams {
  /** The stage's own param objects (each stage builds one in its constructor). */
  SparseOnlineParamSet sparseOnlineParams();

  @Override
  default TrainingControlParamSet trainingControl() {
    return sparseOnlineParams().control;
  }

  default Param<String> featuresCol() {
    return sparseOnlineParams().classifier.featuresCol;
  }

  default Param<String> labelCol() {
    return sparseOnlineParams().classifier.labelCol;
  }

  default Param<String> weightCol() {
    return sparseOnlineParams().classifier.weightCol;
  }

  default Param<String> predictionCol() {
    return sparseOnlineParams().classifier.predictionCol;
  }

  default Param<String> probabilityCol() {
    return sparseOnlineParams().classifier.probabilityCol;
  }

  default Param<String> rawPredictionCol() {
    return sparseOnlineParams().classifier.rawPredictionCol;
  }

  default IntParam maxIter() {
    return sparseOnlineParams().classifier.maxIter;
  }

  default LongParam seed() {
    return sparseOnlineParams().classifier.seed;
  }

  default DoubleParam threshold() {
    return sparseOnlineParams().classifier.threshold;
  }

  default BooleanParam fitIntercept() {
    return sparseOnlineParams().classifier.fitIntercept;
  }

  default IntParam aggregationDepth() {
    return sparseOnlineParams().classifier.aggregationDepth;
  }

  default IntParam syncsPerEpoch() {
    return sparseOnlineParams().classifier.syncsPerEpoch;
  }

  default int getSyncsPerEpoch() {
    return (Integer) $(syncsPerEpoch());
  }

  default Param<String> optimizer() {
    return sparseOnlineParams().optimizer;
  }

  default String getOptimizer() {
    return $(optimizer());
  }

  default BooleanParam refit() {
    return sparseOnlineParams().refit;
  }

  default boolean getRefit() {
    return (Boolean) $(refit());
  }

  default DoubleParam stepSize() {
    return sparseOnlineParams().stepSize;
  }

  /** Which model's optimizer defaults apply: lr here, fm or ffm for the factorization machines. */
  default String modelKind() {
    return "lr";
  }

  /** The step size the chosen optimizer uses: the Param, or when it is 0 the optimizer's default for the model. */
  default double getStepSize() {
    final double set = (Double) $(stepSize());
    final String o = getOptimizer();
    return set > 0 ? set : io.sparkctr.optim.OptimizerDefaults.stepSize(modelKind(),
        o.equals("ftrl") || o.equals("sparseGroupFtrl") || o.equals("rda") ? "sgd" : o);
  }

  default Param<String> schedule() {
    return sparseOnlineParams().schedule;
  }

  default String getSchedule() {
    return $(schedule());
  }

  default DoubleParam theta() {
    return sparseOnlineParams().theta;
  }

  /** The truncation threshold: the Param when set, else 0 for truncation and Infinity for tg. */
  default double getTheta() {
    if (!isSet(theta()) && getOptimizer().equals("tg")) {
      return Double.POSITIVE_INFINITY;
    }
    return (Double) $(theta());
  }

  default IntParam truncationPeriod() {
    return sparseOnlineParams().truncationPeriod;
  }

  default int getTruncationPeriod() {
    return (Integer) $(truncationPeriod());
  }

  default DoubleParam gamma() {
    return sparseOnlineParams().gamma;
  }

  /** RDA's gamma: the Param, or when it is 0 RDA's default for the model. */
  default double getGamma() {
    final double set = (Double) $(gamma());
    return set > 0 ? set : io.sparkctr.optim.OptimizerDefaults.stepSize(modelKind(), "rda");
  }

  default DoubleParam rho() {
    return sparseOnlineParams().rho;
  }

  default double getRho() {
    return (Double) $(rho());
  }

  /**
   * The optimizer the params select, with its hyperparameters, for logistic regression over
   * {@code numFeatures} features. A hyperparameter set explicitly for another optimizer is an error,
   * so a misspelt choice cannot silently train something else; call with any size to check that.
   */
  default io.sparkctr.optim.OptimizerSpec optimizerSpec(int numFeatures) {
    return optimizerSpec(false, new io.sparkctr.models.lr.LinearMargin(numFeatures, getFitIntercept()));
  }

  /** Checks the optimizer params (see {@link #optimizerSpec(int)}) before any Spark job. */
  default void checkOptimizerParams() {
    optimizerSpec(1);
  }

  /**
   * @param withoutL1 the same optimizer with its sparsity off (l1 = l21 = 0, RDA's rho = 0,
   *     truncation's theta = 0): what a refit trains with
   * @param model the model trained: the group optimizers take its embedding rows as their groups
   */
  default io.sparkctr.optim.OptimizerSpec optimizerSpec(boolean withoutL1, io.sparkctr.models.MarginFunction model) {
    final io.sparkctr.optim.OptimizerRegistry.Entry chosen = io.sparkctr.optim.OptimizerRegistry.get(getOptimizer());
    for (String name : io.sparkctr.optim.OptimizerRegistry.ownedParams()) {
      if (!chosen.params().contains(name) && isSet(getParam(name))) {
        throw new IllegalArgumentException("Param " + name + " does not apply to optimizer '" + chosen.name()
            + "' (its params: " + String.join(", ", chosen.params()) + "; " + name + " is for "
            + io.sparkctr.optim.OptimizerRegistry.owners(name) + "). Clear " + name
            + " or choose one of those optimizers.");
      }
    }
    return chosen.factory().apply(new io.sparkctr.optim.OptimizerRegistry.Settings() {
      @Override
      public double number(String param) {
        switch (param) {
          case "l1":
            return withoutL1 ? 0.0 : getL1();
          case "l21":
            return withoutL1 ? 0.0 : getL21();
          case "rho":
            return withoutL1 ? 0.0 : getRho();
          case "theta":
            return withoutL1 ? 0.0 : getTheta();
          case "alpha":
            return getAlpha();
          case "beta":
            return getBeta();
          case "l2":
            return getL2();
          case "gamma":
            return getGamma();
          case "stepSize":
            return getStepSize();
          case "initialAccumulator":
            return getInitialAccumulator();
          default:
            throw new IllegalArgumentException("No numeric optimizer Param " + param);
        }
      }

      @Override
      public int integer(String param) {
        if (!param.equals("truncationPeriod")) {
          throw new IllegalArgumentException("No integer optimizer Param " + param);
        }
        return getTruncationPeriod();
      }

      @Override
      public String text(String param) {
        if (!param.equals("schedule")) {
          throw new IllegalArgumentException("No text optimizer Param " + param);
        }
        return getSchedule();
      }

      @Override
      public io.sparkctr.optim.group.GroupLayout groups() {
        return groupLayout(model);
      }
    });
  }

  /** Embedding rows as groups (linear weights as groups of one); all groups of one without factors. */
  private static io.sparkctr.optim.group.GroupLayout groupLayout(io.sparkctr.models.MarginFunction model) {
    if (model instanceof io.sparkctr.models.fm.FactorizedMargin && ((io.sparkctr.models.fm.FactorizedMargin) model)
        .layout().factorSize() > 0) {
      io.sparkctr.models.fm.FactorLayout layout = ((io.sparkctr.models.fm.FactorizedMargin) model).layout();
      return new io.sparkctr.optim.group.GroupLayout(model.dimension(), model.numRegularized(), layout.factorOffset(),
          layout.factorSize());
    }
    return io.sparkctr.optim.group.GroupLayout.singletons(model.dimension(), model.numRegularized());
  }

  default DoubleParam l21() {
    return sparseOnlineParams().l21;
  }

  default double getL21() {
    return (Double) $(l21());
  }

  default DoubleParam initialAccumulator() {
    return sparseOnlineParams().initialAccumulator;
  }

  default double getInitialAccumulator() {
    return (Double) $(initialAccumulator());
  }



  default DoubleParam alpha() {
    return sparseOnlineParams().alpha;
  }

  default DoubleParam beta() {
    return sparseOnlineParams().beta;
  }

  default DoubleParam l1() {
    return sparseOnlineParams().l1;
  }

  default DoubleParam l2() {
    return sparseOnlineParams().l2;
  }

  default String getFeaturesCol() {
    return $(featuresCol());
  }

  default String getLabelCol() {
    return $(labelCol());
  }

  default String getWeightCol() {
    return $(weightCol());
  }

  default String getPredictionCol() {
    return $(predictionCol());
  }

  default String getProbabilityCol() {
    return $(probabilityCol());
  }

  default String getRawPredictionCol() {
    return $(rawPredictionCol());
  }

  default int getMaxIter() {
    return (Integer) $(maxIter());
  }

  default long getSeed() {
    return (Long) $(seed());
  }

  default double getThreshold() {
    return (Double) $(threshold());
  }

  default boolean getFitIntercept() {
    return (Boolean) $(fitIntercept());
  }

  default int getAggregationDepth() {
    return (Integer) $(aggregationDepth());
  }

  /** FTRL's alpha: the Param, or when it is 0 the chosen optimizer's default for the model (ftrl's for the others). */
  default double getAlpha() {
    final double set = (Double) $(alpha());
    return set > 0 ? set : io.sparkctr.optim.OptimizerDefaults.stepSize(modelKind(),
        getOptimizer().equals("sparseGroupFtrl") ? "sparseGroupFtrl" : "ftrl");
  }

  default double getBeta() {
    return (Double) $(beta());
  }

  default double getL1() {
    return (Double) $(l1());
  }

  default double getL2() {
    return (Double) $(l2());
  }
}
