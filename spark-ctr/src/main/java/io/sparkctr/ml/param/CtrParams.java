package io.sparkctr.ml.param;

import io.sparkctr.optim.dense.MiniBatchOptimizerRegistry;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/**
 * The one place where shared params get their name, doc and validator (the role of Spark's
 * SharedParamsCodeGen table). Estimators and models call these from their (String uid) constructors,
 * after the uid is set, so each param belongs to its stage. Names follow MLlib where the meaning is
 * the same. Defaults live with the stages' {@code setDefault} calls, and the docs state them.
 */
public final class CtrParams {
  private CtrParams() {}

  public static Param<String> featuresCol(Identifiable owner) {
    return new Param<>(owner, "featuresCol", "features column name (Vector, sparse or dense); default 'features'",
        ParamChecks.nonEmpty("featuresCol"));
  }

  public static Param<String> labelCol(Identifiable owner) {
    return new Param<>(owner, "labelCol", "label column name (numeric, values in {0, 1}); default 'label'",
        ParamChecks.nonEmpty("labelCol"));
  }

  public static Param<String> weightCol(Identifiable owner) {
    return new Param<>(owner, "weightCol",
        "weight column name (numeric, non-negative, finite); empty means every row has weight 1. Default ''",
        ParamChecks.any("weightCol"));
  }

  public static Param<String> predictionCol(Identifiable owner) {
    return new Param<>(owner, "predictionCol", "prediction column name (0.0 or 1.0); default 'prediction'",
        ParamChecks.nonEmpty("predictionCol"));
  }

  public static Param<String> probabilityCol(Identifiable owner) {
    return new Param<>(owner, "probabilityCol",
        "column name of the class probabilities, Vector [1 - p, p]; default 'probability'",
        ParamChecks.nonEmpty("probabilityCol"));
  }

  public static Param<String> rawPredictionCol(Identifiable owner) {
    return new Param<>(owner, "rawPredictionCol",
        "column name of the raw prediction (confidence), Vector [-margin, margin]; default 'rawPrediction'",
        ParamChecks.nonEmpty("rawPredictionCol"));
  }

  public static IntParam maxIter(Identifiable owner, int defaultValue) {
    return new IntParam(owner, "maxIter", "the most epochs (passes over the training data); training stops earlier"
        + " when validation stops improving (earlyStoppingPatience) or, without validation rows, when an epoch"
        + " lowers the training loss by less than tol; >= 0; default " + defaultValue,
        ParamChecks.gtEq("maxIter", 0));
  }

  public static Param<String> validationIndicatorCol(Identifiable owner) {
    return new Param<>(owner, "validationIndicatorCol",
        "boolean column marking the rows held out to validate each epoch (never trained on), as MLlib's GBT;"
            + " overrides validationFraction; default '' (none)", ParamChecks.any("validationIndicatorCol"));
  }

  public static DoubleParam validationFraction(Identifiable owner, double defaultValue) {
    return new DoubleParam(owner, "validationFraction",
        "share of the training rows held out to validate each epoch (never trained on) when no"
            + " validationIndicatorCol is set, chosen by validationSplit; training keeps the best validation"
            + " epoch's model; 0 holds out nothing; in [0, 1); default " + defaultValue,
        ParamChecks.inRangeBelow("validationFraction", 0.0, 1.0));
  }

  /** How validationFraction picks its rows. */
  public static final String[] VALIDATION_SPLITS = {"random", "rowOrder"};

  public static Param<String> validationSplit(Identifiable owner) {
    return new Param<>(owner, "validationSplit",
        "which rows validationFraction holds out: 'random' (a draw seeded by seed, per row position) or"
            + " 'rowOrder' (the last rows in input order: for time-ordered logs, validation is the future of"
            + " training); default 'random'", ParamChecks.oneOf("validationSplit", VALIDATION_SPLITS));
  }

  public static DoubleParam tol(Identifiable owner, double defaultValue) {
    return new DoubleParam(owner, "tol",
        "convergence tolerance: with validation rows, an epoch improves when its validation metric beats the best"
            + " by more than tol times max(|best|, 0.01); without, training stops when an epoch lowers the"
            + " training log loss by less than tol of the previous epoch's; >= 0; default " + defaultValue,
        ParamChecks.gtEq("tol", 0.0));
  }

  public static IntParam earlyStoppingPatience(Identifiable owner) {
    return new IntParam(owner, "earlyStoppingPatience",
        "with validation rows: epochs in a row without improvement that stop training, >= 1; default 2",
        ParamChecks.gtEq("earlyStoppingPatience", 1));
  }

  public static Param<String> validationMetric(Identifiable owner) {
    return new Param<>(owner, "validationMetric",
        "what early stopping maximises on the validation rows: 'auc', 'logLoss' (minimised) or 'aucMinusLogLoss'"
            + " (FuxiCTR's and the official Helen code's monitor); default 'aucMinusLogLoss'",
        ParamChecks.oneOf("validationMetric", io.sparkctr.train.StoppingRule.METRICS));
  }

  public static DoubleParam stepSizeDecay(Identifiable owner) {
    return new DoubleParam(owner, "stepSizeDecay",
        "with validation rows: factor the step size is multiplied by after an epoch that does not improve"
            + " (ReduceLROnPlateau as the official Helen code; 1 turns it off), in (0, 1]; default 0.1. DeepFM's"
            + " optimizers and the plain-step ones (sgd, l1sgd, truncation, tg, fobos with the constant schedule);"
            + " the adaptive ones (adagrad, rda, ftrl, the group optimizers) already shrink their steps",
        ParamChecks.inRange("stepSizeDecay", Double.MIN_VALUE, 1.0));
  }

  public static LongParam seed(Identifiable owner) {
    return new LongParam(owner, "seed", "seed of the per-epoch row shuffle; default: the hash of the class name",
        ParamChecks.any("seed"));
  }

  public static DoubleParam threshold(Identifiable owner) {
    return new DoubleParam(owner, "threshold",
        "prediction is 1.0 when the probability is > threshold, in [0, 1]; default 0.5",
        ParamChecks.inRange("threshold", 0.0, 1.0));
  }

  public static BooleanParam fitIntercept(Identifiable owner) {
    return new BooleanParam(owner, "fitIntercept",
        "whether to learn an intercept (never L1/L2-penalised); default true");
  }

  public static IntParam aggregationDepth(Identifiable owner) {
    return new IntParam(owner, "aggregationDepth", "depth of the treeAggregate that merges partitions, >= 2; default 2",
        ParamChecks.gtEq("aggregationDepth", 2));
  }

  public static IntParam syncsPerEpoch(Identifiable owner) {
    return new IntParam(owner, "syncsPerEpoch",
        "how many times per epoch the partitions' passes are merged into one model (each round runs every"
            + " partition over the next slice of its rows), >= 1; more rounds track the serial run more"
            + " closely at the cost of one Spark job each; default 8",
        ParamChecks.gtEq("syncsPerEpoch", 1));
  }

  /** Optimizers the logistic-regression estimator trains with. */
  public static final String[] SUPPORTED_OPTIMIZERS = io.sparkctr.optim.OptimizerRegistry.names();

  public static Param<String> optimizer(Identifiable owner) {
    return new Param<>(owner, "optimizer",
        "sparse online optimizer, one of " + String.join(", ", SUPPORTED_OPTIMIZERS) + " ("
            + io.sparkctr.optim.OptimizerRegistry.paramsSummary() + "; tg's l1 is its gravity; the group optimizers"
            + " treat each embedding row as one group, each linear weight as a group of one); default 'ftrl'",
        ParamChecks.oneOf("optimizer", SUPPORTED_OPTIMIZERS));
  }

  public static BooleanParam refit(Identifiable owner) {
    return new BooleanParam(owner, "refit",
        "after the run, retrain with no L1 (and theta 0 for truncation) on the features it kept, warm-started"
            + " from its weights (relaxed lasso, Meinshausen 2007); the refit never adds a nonzero; default false");
  }

  public static DoubleParam stepSize(Identifiable owner) {
    return new DoubleParam(owner, "stepSize",
        "SGD family, adagrad, groupAdam: learning rate eta0 (the rate at step t is eta0 or eta0 / sqrt(t), see"
            + " schedule), > 0, or 0 for the optimizer's default for the model (README, Training to convergence);"
            + " default 0", ParamChecks.gtEq("stepSize", 0.0));
  }

  public static Param<String> schedule(Identifiable owner) {
    return new Param<>(owner, "schedule",
        "SGD family: learning-rate schedule, 'constant' (eta0) or 'invSqrt' (eta0 / sqrt(t), t the step);"
            + " default 'constant'", ParamChecks.oneOf("schedule", "constant", "invSqrt"));
  }

  public static DoubleParam theta(Identifiable owner) {
    return new DoubleParam(owner, "theta",
        "truncation and tg: weights with |w| <= theta are truncated (tg: shrunk by the gravity), >= 0"
            + " (Infinity allowed: tg is then FOBOS-like L1); default 0 for truncation (sparsity is opt-in, as l1 = 0"
            + " for the other optimizers) and, when not set, Infinity for tg (its l1 then shrinks every weight)",
        ParamChecks.gtEqAllowInfinity("theta", 0.0));
  }

  public static IntParam truncationPeriod(Identifiable owner) {
    return new IntParam(owner, "truncationPeriod",
        "truncation and tg: truncate every K steps (K, in steps = rows), >= 1; default 10",
        ParamChecks.gtEq("truncationPeriod", 1));
  }

  public static DoubleParam gamma(Identifiable owner) {
    return new DoubleParam(owner, "gamma",
        "RDA: scale of the prox weight gamma sqrt(t) (larger is smaller steps), > 0, or 0 for RDA's default for"
            + " the model (README, Training to convergence); default 0", ParamChecks.gtEq("gamma", 0.0));
  }

  public static DoubleParam rho(Identifiable owner) {
    return new DoubleParam(owner, "rho",
        "RDA: extra threshold of enhanced l1-RDA, lambda_t = l1 + gamma rho / sqrt(t), >= 0; default 0.0",
        ParamChecks.gtEq("rho", 0.0));
  }

  public static DoubleParam alpha(Identifiable owner) {
    return new DoubleParam(owner, "alpha",
        "ftrl and sparseGroupFtrl: learning-rate scale alpha (per-coordinate rate alpha / (beta + sqrt(n))), > 0,"
            + " or 0 for the optimizer's default for the model (README, Training to convergence); default 0",
        ParamChecks.gtEq("alpha", 0.0));
  }

  public static DoubleParam beta(Identifiable owner) {
    return new DoubleParam(owner, "beta", "ftrl and adagrad: learning-rate smoothing beta (rate alpha or stepSize over beta + sqrt(n)), >= 0;"
            + " default 1.0",
        ParamChecks.gtEq("beta", 0.0));
  }

  public static DoubleParam l1(Identifiable owner) {
    return new DoubleParam(owner, "l1",
        "L1 strength in per-example gradient units (ftrl: on z; rda: on the average gradient; l1sgd, fobos:"
            + " per step times the rate; tg: the gravity), >= 0; default 0.0",
        ParamChecks.gtEq("l1", 0.0));
  }

  public static DoubleParam l2(Identifiable owner) {
    return new DoubleParam(owner, "l2",
        "ftrl, sgd, l1sgd, fobos, sparseGroupFtrl, groupAdam: L2 strength, penalty (l2/2)||w||^2 (FTRL: the"
            + " paper's convention, TensorFlow's FTRL l2 is half of it; the group optimizers use tfplus's, l2||w||^2),"
            + " >= 0; default 0.0",
        ParamChecks.gtEq("l2", 0.0));
  }

  public static IntParam factorSize(Identifiable owner, int defaultValue) {
    return new IntParam(owner, "factorSize",
        "FM and FFM: dimension k of each factor vector (embedding row), >= 0 (0 is logistic regression); default "
            + defaultValue,
        ParamChecks.gtEq("factorSize", 0));
  }

  public static DoubleParam initStd(Identifiable owner) {
    return new DoubleParam(owner, "initStd",
        "FM and FFM: standard deviation of the random N(0, initStd^2) start of the factors (seeded by seed), >= 0;"
            + " every optimizer keeps this start (FTRL and RDA by centring their state on it); default 0.01",
        ParamChecks.gtEq("initStd", 0.0));
  }

  public static BooleanParam fitLinear(Identifiable owner) {
    return new BooleanParam(owner, "fitLinear", "FM and FFM: whether to learn the linear (first-order) term; default true");
  }

  public static Param<String> fieldsCol(Identifiable owner) {
    return new Param<>(owner, "fieldsCol",
        "field-aware FM: column of the field of each features entry (array<int>, as CtrFeaturizer and the libffm"
            + " reader write it); default 'fields'", ParamChecks.nonEmpty("fieldsCol"));
  }

  public static DoubleParam l21(Identifiable owner) {
    return new DoubleParam(owner, "l21",
        "sparseGroupFtrl and groupAdam: group-lasso strength l21, penalty l21 sqrt(d) ||row||_2 per embedding row of"
            + " d entries (tfplus units: sparseGroupFtrl on z, groupAdam times the step size); a whole row is zero"
            + " or not, and l21 acts as extra L1 on a linear weight; >= 0; default 0.0",
        ParamChecks.gtEq("l21", 0.0));
  }

  public static DoubleParam initialAccumulator(Identifiable owner) {
    return new DoubleParam(owner, "initialAccumulator",
        "sparseGroupFtrl: starting value n0 of the squared-gradient sums (TensorFlow's initial_accumulator_value;"
            + " the learning rate of a coordinate is alpha / sqrt(n)), >= 0; default 0.1",
        ParamChecks.gtEq("initialAccumulator", 0.0));
  }

  public static Param<String> deepFmOptimizer(Identifiable owner) {
    final String[] names = MiniBatchOptimizerRegistry.OPTIMIZERS.names();
    return new Param<>(owner, "optimizer",
        "mini-batch optimizer, one of " + String.join(", ", names) + " (all: stepSize; "
            + MiniBatchOptimizerRegistry.OPTIMIZERS.paramsSummary() + "); default 'adam'",
        ParamChecks.oneOf("optimizer", names));
  }

  public static IntParam embeddingDim(Identifiable owner) {
    return new IntParam(owner, "embeddingDim", "DeepFM: dimension k of each feature's embedding, >= 1; default 16",
        ParamChecks.gtEq("embeddingDim", 1));
  }

  public static org.apache.spark.ml.param.IntArrayParam hiddenLayers(org.apache.spark.ml.param.Params owner) {
    return new org.apache.spark.ml.param.IntArrayParam(owner, "hiddenLayers",
        "DeepFM: sizes of the MLP's ReLU hidden layers, each >= 1; empty: no DNN part (the model is an FM);"
            + " default [400, 400, 400]", ParamChecks.allGtEq("hiddenLayers", 1));
  }

  public static DoubleParam dropout(Identifiable owner) {
    return new DoubleParam(owner, "dropout", "DeepFM: dropout rate of the hidden layers in training, in [0, 1);"
        + " default 0.0", ParamChecks.inRangeBelow("dropout", 0.0, 1.0));
  }

  public static IntParam batchSize(Identifiable owner) {
    return new IntParam(owner, "batchSize", "DeepFM: rows per mini-batch step over all partitions (each of P partitions steps on"
        + " ceil(batchSize / P) of its rows, and the partitions' steps are averaged), >= 1, or 0 for auto: the"
        + " largest power of two up to 4096 that leaves at least 20 steps per epoch (at least 32); default 0",
        ParamChecks.gtEq("batchSize", 0));
  }

  public static DoubleParam embeddingL2(Identifiable owner) {
    return new DoubleParam(owner, "embeddingL2",
        "DeepFM: L2 on the embeddings a batch touches, loss term embeddingL2/2 ||v||^2, >= 0; default 1e-5",
        ParamChecks.gtEq("embeddingL2", 0.0));
  }

  public static DoubleParam learningRate(Identifiable owner) {
    return new DoubleParam(owner, "stepSize",
        "DeepFM: learning rate of every optimizer (Adam's lr; embeddings and MLP alike), > 0, or 0 for the"
            + " optimizer's default (" + MiniBatchOptimizerRegistry.defaultStepSizes() + "); default 0",
        ParamChecks.gtEq("stepSize", 0.0));
  }

  public static DoubleParam samRho(Identifiable owner) {
    return new DoubleParam(owner, "rho",
        "sam and helen: perturbation radius rho (Helen: the most frequent feature's), >= 0; default 0.05",
        ParamChecks.gtEq("rho", 0.0));
  }

  public static DoubleParam zeta(Identifiable owner) {
    return new DoubleParam(owner, "zeta",
        "helen: smallest radius share, radius = rho max(N / max N in the field, zeta), in [0, 1]; default 0.3",
        ParamChecks.inRange("zeta", 0.0, 1.0));
  }

  public static BooleanParam netPerturbation(Identifiable owner) {
    return new BooleanParam(owner, "netPerturbation",
        "helen: also perturb the MLP (rho g / ||g||); off, it steps with the clean gradient; default true");
  }

  public static Param<String> helenCountsPath(Identifiable owner) {
    return new Param<>(owner, "helenCountsPath",
        "helen: an indexed count table (Parquet: feature int, fieldIndex int, count bigint; see"
            + " CtrFeaturizerModel.indexCounts) giving N and the field of each feature index, read instead of"
            + " running the frequency job over the training rows; default '' (run the job)",
        ParamChecks.any("helenCountsPath"));
  }

  public static Param<String> helenMode(Identifiable owner) {
    return new Param<>(owner, "helenMode",
        "helen: 'paper' (dataset counts from the frequency job, radius per embedding row) or 'officialCode'"
            + " (counts from each batch, perturbation normalised per field table, as NUS-HPC-AI-Lab/Helen's code);"
            + " default 'paper'", ParamChecks.oneOf("helenMode", "paper", "officialCode"));
  }
}
