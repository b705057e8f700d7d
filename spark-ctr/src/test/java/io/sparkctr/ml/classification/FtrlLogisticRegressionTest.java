package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.FeatureIndex;
import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.optim.OptimizerSpec;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.rda.RdaHyperParams;
import io.sparkctr.testing.LocalReference;
import io.sparkctr.testing.SparkTestSession;
import io.sparkctr.testing.SparseData;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.LocalTrainer;
import io.sparkctr.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("spark")
class FtrlLogisticRegressionTest {
  private static SparkSession spark;
  private static SparseData data;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    data = new SparseData(21, 12000, 8, 50, true);
    train = frame(data, 0, 9000, 1);
    test = frame(data, 9000, 12000, 1);
  }

  static Dataset<Row> frame(SparseData d, int from, int to, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int r = from; r < to; r++) {
      Vector v = Vectors.sparse(d.numFeatures, d.indices.get(r), d.values.get(r));
      rows.add(RowFactory.create(v, d.labels.get(r), d.weights.get(r)));
    }
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType)
        .add("weight", DataTypes.DoubleType);
    // createDataFrame keeps the list's order; coalesce (no shuffle) keeps it within partitions.
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, schema);
    return partitions == 1 ? df.coalesce(1) : df.repartition(partitions, df.col("label"), df.col("weight"));
  }

  /** Exactly maxIter epochs on every row (no validation rows, no stopping on tol). */
  private static FtrlLogisticRegression estimator() {
    return new FtrlLogisticRegression()
        .setAlpha(0.2).setBeta(1.0).setL1(0.3).setL2(0.1).setMaxIter(3).setSeed(42L).setWeightCol("weight")
        .setValidationFraction(0.0).setTol(0.0);
  }

  /** The local trainer's model on rows [0, 9000), as the estimator prepares them. */
  private static LinearModel localModel(TrainingConfig rowsConfig, int epochs) {
    CsrBlock block = data.block(0, 9000);
    FeatureIndex index = LocalReference.index(block);
    double[] parameters = LocalTrainer.fit(rowsConfig, List.of(block.remap(index)), epochs);
    return LinearModel.fromParameters(parameters, index, true);
  }

  /** The model rows of the training rows [0, 9000): their distinct features. */
  private static int rows() {
    return LocalReference.index(data.block(0, 9000)).size();
  }

  private static double interceptStart() {
    return LocalReference.interceptStart(data.block(0, 9000));
  }

  private static double auc(Dataset<Row> scored) {
    return new BinaryClassificationEvaluator().evaluate(scored);
  }

  @Test
  void onePartitionGivesExactlyTheLocalTrainersModel() {
    FtrlLogisticRegression estimator = estimator();
    FtrlLogisticRegressionModel sparkModel = estimator.fit(train);
    TrainingConfig config = new TrainingConfig(new FtrlHyperParams(0.2, 1.0, 0.3, 0.1), rows(), true, 42L,
        estimator.getSyncsPerEpoch()).withInterceptStart(interceptStart());
    LinearModel local = localModel(config, 3);
    assertArrayEquals(local.weights(), sparkModel.linearModel().weights(), 0.0);
    assertEquals(local.intercept(), sparkModel.intercept(), 0.0);
    assertTrue(sparkModel.numNonzeros() > 0 && sparkModel.numNonzeros() < data.numFeatures,
        "l1 = 0.3 should zero some but not all weights: " + sparkModel.numNonzeros());
  }

  @Test
  void rdaOnOnePartitionGivesExactlyTheLocalTrainersModel() {
    FtrlLogisticRegression rda = new FtrlLogisticRegression().setOptimizer("rda").setGamma(2.0).setL1(0.01)
        .setRho(0.001).setMaxIter(2).setSeed(5L).setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    FtrlLogisticRegressionModel sparkModel = rda.fit(train);
    TrainingConfig config = new TrainingConfig(OptimizerSpec.rda(new RdaHyperParams(2.0, 0.01, 0.001)),
        rows(), true, 5L, rda.getSyncsPerEpoch()).withInterceptStart(interceptStart());
    LinearModel local = localModel(config, 2);
    assertArrayEquals(local.weights(), sparkModel.linearModel().weights(), 0.0);
    assertEquals(local.intercept(), sparkModel.intercept(), 0.0);
    assertEquals("rda", sparkModel.getOptimizer());
  }

  @Test
  void rdaLearnsAndSeveralPartitionsReachTheAucOfOne() {
    // gamma 1: with smaller gamma (larger steps) each partition's gradients are taken further from the
    // serial trajectory, and 4 partitions lose 0.015-0.025 AUC on this data (gamma 0.05-0.5). RDA's summed
    // merge needs epochs to catch up with one partition: with the intercept starting at the base rate,
    // 4 partitions reach 0.634, 0.803 and 0.830 after 1, 3 and 5 epochs against 0.806, 0.819 and 0.830
    // on one (without that start 0.755, 0.819, 0.830); 5 epochs are where training converges here.
    FtrlLogisticRegression rda = new FtrlLogisticRegression().setOptimizer("rda").setGamma(1.0)
        .setMaxIter(5).setSeed(42L).setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    double one = auc(rda.fit(train).transform(test));
    double four = auc(rda.fit(frame(data, 0, 9000, 4)).transform(test));
    assertTrue(one > 0.7, "RDA learns the planted model: " + one);
    assertEquals(one, four, 0.005, "RDA AUC with 4 partitions vs 1");
  }

  /** Each optimizer with hyperparameters that suit the synthetic data (one-hot, 8 fields). */
  static FtrlLogisticRegression withOptimizer(String optimizer) {
    FtrlLogisticRegression lr = new FtrlLogisticRegression().setOptimizer(optimizer).setMaxIter(2).setSeed(7L)
        .setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    switch (optimizer) {
      case "ftrl": return lr.setAlpha(0.2).setL1(0.3);
      case "rda": return lr.setGamma(1.0);
      case "sgd": return lr.setStepSize(0.05).setL2(0.001);
      case "adagrad": return lr.setStepSize(0.2);
      case "l1sgd": return lr.setStepSize(0.05).setL1(0.001);
      case "fobos": return lr.setStepSize(0.05).setL1(0.001).setL2(0.001);
      case "truncation": return lr.setStepSize(0.05).setTheta(0.01).setTruncationPeriod(5);
      case "tg": return lr.setStepSize(0.05).setL1(0.002).setTheta(Double.POSITIVE_INFINITY).setTruncationPeriod(5);
      default: throw new IllegalArgumentException(optimizer);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "adagrad", "l1sgd", "truncation", "tg", "fobos", "rda", "ftrl"})
  void everyOptimizerOnOnePartitionIsTheLocalTrainerAndLearns(String optimizer) {
    FtrlLogisticRegression lr = withOptimizer(optimizer);
    FtrlLogisticRegressionModel sparkModel = lr.fit(train);
    LinearModel local = localModel(lr.config(rows(), interceptStart()), 2);
    assertArrayEquals(local.weights(), sparkModel.linearModel().weights(), 0.0, optimizer);
    assertEquals(local.intercept(), sparkModel.intercept(), 0.0, optimizer);
    double one = auc(sparkModel.transform(test));
    assertTrue(one > 0.75, optimizer + " learns the planted model: " + one);
    // Four partitions learn too. The SGD family's weight averaging loses 0.011-0.017 AUC against one
    // partition on this small data (it undershoots where partitions only moved toward the optimum;
    // FTRL's contraction merge keeps within 0.005: severalPartitionsReachTheAucOfOne).
    // Open problem (issue 4): RDA's summed merge here, 2 epochs, gives 0.749 on 4 partitions against
    // 0.814 on one (with 3 epochs and seed 42 it is within 0.005: rdaLearnsAndSeveralPartitions...).
    double four = auc(lr.fit(frame(data, 0, 9000, 4)).transform(test));
    double allowedLoss = optimizer.equals("rda") ? 0.07 : 0.03;
    assertTrue(four > 0.74 && four > one - allowedLoss,
        optimizer + ": AUC with 4 partitions " + four + " vs 1: " + one);
  }

  // Not l1sgd: the subgradient method almost never reaches an exact zero (algorithms.md section 1), so
  // it selects nothing to refit on.
  @ParameterizedTest
  @ValueSource(strings = {"ftrl", "rda", "fobos", "tg", "truncation"})
  void refitKeepsTheSupportAndIsTheLocalTrainersRefit(String optimizer) {
    FtrlLogisticRegression sparse = withOptimizer(optimizer);
    switch (optimizer) {
      case "ftrl": sparse.setL1(3.0); break;
      case "rda": sparse.setL1(0.003); break;
      case "truncation": sparse.setTheta(0.05); break;
      default: sparse.setL1(0.01);
    }
    FtrlLogisticRegressionModel selected = sparse.fit(train);
    FtrlLogisticRegressionModel refit = sparse.copy(ParamMap.empty()).setRefit(true).fit(train);
    double[] a = selected.linearModel().weights();
    double[] b = refit.linearModel().weights();
    int changed = 0;
    for (int j = 0; j < a.length; j++) {
      if (a[j] == 0.0) {
        assertEquals(0.0, b[j], 0.0, optimizer + ": the refit added feature " + j);
      } else if (b[j] != a[j]) {
        changed++;
      }
    }
    assertTrue(selected.numNonzeros() > 0 && selected.numNonzeros() < data.numFeatures,
        optimizer + " selects a proper subset: " + selected.numNonzeros());
    assertTrue(changed > 0, optimizer + ": the refit retrained the kept weights");

    // The same two runs on the local trainer give exactly the Spark refit (one partition).
    TrainingConfig config = sparse.config(rows(), interceptStart());
    List<CsrBlock> blocks = List.of(LocalReference.compact(data.block(0, 9000)));
    double[] l1Run = LocalTrainer.fit(config, blocks, 2);
    double[] local = LocalTrainer.fit(sparse.refitConfig(config, l1Run), blocks, 2);
    assertArrayEquals(LinearModel.fromParameters(local, LocalReference.index(data.block(0, 9000)), true).weights(), b,
        0.0, optimizer);
  }

  /**
   * Rows [0, 9000), those from {@code validFrom} marked in column isValidation; the marked rows also carry
   * feature {@code numFeatures}, which no training row has.
   */
  private static Dataset<Row> withValidation(int validFrom) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 9000; r++) {
      int[] idx = data.indices.get(r);
      double[] val = data.values.get(r);
      if (r >= validFrom) {
        idx = java.util.Arrays.copyOf(idx, idx.length + 1);
        val = java.util.Arrays.copyOf(val, val.length + 1);
        idx[idx.length - 1] = data.numFeatures;
        val[val.length - 1] = 1.0;
      }
      rows.add(RowFactory.create(Vectors.sparse(data.numFeatures + 1, idx, val), data.labels.get(r),
          data.weights.get(r), r >= validFrom));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType)
        .add("weight", DataTypes.DoubleType).add("isValidation", DataTypes.BooleanType);
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  /** The same rows as one block (local reference). */
  private static CsrBlock blockOf(Dataset<Row> frame) {
    io.sparkctr.train.CsrBlockBuilder builder = new io.sparkctr.train.CsrBlockBuilder();
    long r = 0;
    for (Row row : frame.collectAsList()) {
      org.apache.spark.ml.linalg.SparseVector v = (org.apache.spark.ml.linalg.SparseVector) row.get(0);
      builder.add(row.getDouble(1), row.getDouble(2), v.indices(), v.values(), v.indices().length, v.size(), r++);
    }
    return builder.build();
  }

  private static List<io.sparkctr.train.EpochRecord> history(CtrEstimator estimator) {
    List<io.sparkctr.train.EpochRecord> history = new ArrayList<>();
    estimator.reportEpochs((phase, record, model) -> history.add(record));
    return history;
  }

  @Test
  void validationRowsAreNeverTrainedOnAndTheBestValidationEpochIsReturned() {
    Dataset<Row> rows = withValidation(7000).cache();
    // A large step: validation log loss improves for several epochs, then stalls in the noise of the step, and
    // patience 1 stops at the first epoch that does not improve on the best.
    FtrlLogisticRegression lr = new FtrlLogisticRegression().setAlpha(2.0).setMaxIter(12).setSeed(42L)
        .setWeightCol("weight").setValidationIndicatorCol("isValidation").setTol(0.0).setEarlyStoppingPatience(1)
        .setValidationMetric("logLoss");
    List<io.sparkctr.train.EpochRecord> history = history(lr);
    FtrlLogisticRegressionModel model = lr.fit(rows);
    int best = 0;
    for (io.sparkctr.train.EpochRecord r : history) {
      best = r.best() ? r.epoch() : best;
      assertEquals(2000, r.validation().rows());
    }
    assertTrue(best > 1 && best < history.size() && history.size() < 12,
        "validation must improve, then stop improving: best epoch " + best + " of " + history.size());
    assertEquals(history.size(), best + 1, "patience 1 stops one epoch after the best");

    // Exactly the model of `best` epochs on the training rows alone: validation rows were never trained on.
    Dataset<Row> trainingRows = rows.filter("NOT isValidation").coalesce(1);
    FtrlLogisticRegressionModel plain = lr.copy(ParamMap.empty()).setValidationIndicatorCol("")
        .setValidationFraction(0.0).setMaxIter(best).fit(trainingRows);
    assertArrayEquals(plain.linearModel().weights(), model.linearModel().weights(), 0.0);
    assertEquals(plain.intercept(), model.intercept(), 0.0);
    assertEquals(-1, model.featureIndex().row(data.numFeatures), "a feature only validation rows have gets no row");

    // The local engine with the same split and validator gives the same epochs, metrics and model.
    CsrBlock train = blockOf(trainingRows);
    FeatureIndex index = LocalReference.index(train);
    TrainingConfig config = lr.config(index.size(), LocalReference.interceptStart(train));
    List<io.sparkctr.train.EpochRecord> local = new ArrayList<>();
    LocalTrainer.Fit fit = LocalTrainer.fit(config, lr.stoppingRule(),
        LocalTrainer.sequential(config, List.of(train.remap(index))),
        LocalTrainer.validator(config, List.of(blockOf(rows.filter("isValidation").coalesce(1)).remap(index))),
        stats -> local.add(stats.record()));
    assertEquals(best, fit.bestEpoch());
    for (int e = 0; e < history.size(); e++) {
      assertEquals(local.get(e).validation(), history.get(e).validation(), "epoch " + (e + 1));
      // the Spark tasks ship what the local passes do: their touched rows
      // (LocalTrainerTest.aFloatRowRoundShipsOnlyTheRowsItsPassesTouched counts them)
      assertEquals(local.get(e).aggregatedBytes(), history.get(e).aggregatedBytes(), "epoch " + (e + 1));
    }
    assertArrayEquals(LinearModel.fromParameters(fit.parameters(), index, true).weights(),
        model.linearModel().weights(), 0.0);
    rows.unpersist();
  }

  @Test
  void aValidationFractionHoldsOutItsShareOfRowsByRowOrderOrAtRandom() {
    for (String split : new String[] {"rowOrder", "random"}) {
      FtrlLogisticRegression lr = estimator().setValidationFraction(0.2).setValidationSplit(split).setMaxIter(1);
      List<io.sparkctr.train.EpochRecord> history = history(lr);
      lr.fit(train);
      long held = history.get(0).validation().rows();
      if (split.equals("rowOrder")) {
        assertEquals(1800, held, "the last 20% of 9,000 rows");
      } else {
        assertEquals(1800, held, 4 * Math.sqrt(9000 * 0.2 * 0.8), "about 20% of 9,000 rows");
      }
      assertEquals(9000 - held, history.get(0).rows(), "the rest are trained on");
    }
  }

  @Test
  void withoutValidationTrainingStopsWhenTheTrainingLossStalls() {
    FtrlLogisticRegression lr = estimator().setMaxIter(30).setTol(0.01);
    List<io.sparkctr.train.EpochRecord> history = history(lr);
    lr.fit(train);
    int n = history.size();
    assertTrue(n > 1 && n < 30, "stops before maxIter: " + n + " epochs");
    double last = history.get(n - 1).trainLogLoss();
    double previous = history.get(n - 2).trainLogLoss();
    assertTrue(previous - last < 0.01 * previous, "the last epoch improved by less than tol");
    for (int e = 1; e < n - 1; e++) {
      double before = history.get(e - 1).trainLogLoss();
      assertTrue(before - history.get(e).trainLogLoss() >= 0.01 * before, "epoch " + (e + 1) + " improved enough");
    }
    assertTrue(history.stream().allMatch(r -> r.validation() == null && r.best()));
  }

  @Test
  void theInterceptStartsAtTheBaseRatesLogOdds() {
    FtrlLogisticRegressionModel start = estimator().setMaxIter(0).fit(train);
    double positive = 0;
    double all = 0;
    for (int r = 0; r < 9000; r++) {
      positive += data.weights.get(r) * data.labels.get(r);
      all += data.weights.get(r);
    }
    double p = positive / all;
    // stored as a float parameter row
    assertEquals(Math.log(p / (1 - p)), start.intercept(), Math.ulp((float) Math.log(p / (1 - p))));
    assertEquals(0, start.numNonzeros());
  }

  @Test
  void anUnseenFeatureScoresAsZeroAndIsCounted() {
    FtrlLogisticRegressionModel model = estimator().fit(train);
    int unseen = data.numFeatures + 7;
    List<Row> rows = new ArrayList<>();
    for (int r = 9000; r < 9100; r++) {
      int[] idx = java.util.Arrays.copyOf(data.indices.get(r), data.indices.get(r).length + 1);
      double[] val = java.util.Arrays.copyOf(data.values.get(r), idx.length);
      idx[idx.length - 1] = unseen;
      val[val.length - 1] = 1.0;
      rows.add(RowFactory.create(Vectors.sparse(unseen + 1, idx, val), data.labels.get(r), data.weights.get(r)));
    }
    Dataset<Row> wider = spark.createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType).add("weight", DataTypes.DoubleType));
    List<Row> scored = model.transform(wider).select("rawPrediction").collectAsList();
    List<Row> plain = model.transform(test.limit(100)).select("rawPrediction").collectAsList();
    for (int r = 0; r < 100; r++) {
      assertEquals(((Vector) plain.get(r).get(0)).apply(1), ((Vector) scored.get(r).get(0)).apply(1), 0.0,
          "row " + r + ": the unseen feature adds nothing");
    }
    assertEquals(100, model.countUnseenFeatures(wider));
    assertEquals(0, model.countUnseenFeatures(test));
  }

  @Test
  void aHyperparameterOfAnotherOptimizerIsAnError() {
    FtrlLogisticRegression lr = new FtrlLogisticRegression().setGamma(2.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lr.fit(train));
    assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("rda") && e.getMessage().contains("ftrl"),
        e.getMessage());
    IllegalArgumentException theta = assertThrows(IllegalArgumentException.class,
        () -> new FtrlLogisticRegression().setOptimizer("fobos").setTheta(0.5).fit(train));
    assertTrue(theta.getMessage().contains("theta") && theta.getMessage().contains("truncation, tg"),
        theta.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> lr.setOptimizer("adam"));
    assertTrue(unknown.getMessage().contains("adam") && unknown.getMessage().contains("rda"), unknown.getMessage());
  }

  @Test
  void severalPartitionsReachTheAucOfOne() {
    double one = auc(estimator().fit(train).transform(test));
    double four = auc(estimator().fit(frame(data, 0, 9000, 4)).transform(test));
    assertTrue(one > 0.7, "the planted model is learnable: " + one);
    assertEquals(one, four, 0.005, "AUC with 4 partitions vs 1");
  }

  @Test
  void sameSeedAndPartitioningGiveTheSameModel() {
    Dataset<Row> parts = frame(data, 0, 9000, 3).cache();
    double[] a = estimator().fit(parts).linearModel().weights();
    double[] b = estimator().fit(parts).linearModel().weights();
    assertArrayEquals(a, b, 1e-12);
    parts.unpersist();
  }

  @Test
  void outputColumnsFeedBinaryClassificationEvaluator() {
    FtrlLogisticRegressionModel model = estimator().fit(train);
    Dataset<Row> scored = model.transform(test);
    Row first = scored.select("rawPrediction", "probability", "prediction").first();
    Vector raw = first.getAs(0);
    Vector prob = first.getAs(1);
    assertEquals(-raw.apply(0), raw.apply(1), 0.0);
    assertEquals(1.0, prob.apply(0) + prob.apply(1), 1e-12);
    assertEquals(prob.apply(1) > 0.5 ? 1.0 : 0.0, first.getDouble(2), 0.0);
    double viaRaw = new BinaryClassificationEvaluator().setRawPredictionCol("rawPrediction").evaluate(scored);
    double viaProb = new BinaryClassificationEvaluator().setRawPredictionCol("probability").evaluate(scored);
    assertEquals(viaRaw, viaProb, 1e-9);
    assertEquals(test.count(), scored.count());
  }

  @Test
  void estimatorModelAndPipelineSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
    FtrlLogisticRegression estimator = estimator().setThreshold(0.3).setFitIntercept(false)
        .setPredictionCol("pred").setAggregationDepth(3).setValidationFraction(0.15).setValidationSplit("rowOrder")
        .setTol(2e-4).setEarlyStoppingPatience(3).setValidationMetric("auc").setValidationIndicatorCol("");
    estimator.write().overwrite().save(dir.resolve("estimator").toString());
    FtrlLogisticRegression loadedEstimator = FtrlLogisticRegression.load(dir.resolve("estimator").toString());
    assertEquals(estimator.uid(), loadedEstimator.uid());
    for (org.apache.spark.ml.param.Param<?> p : estimator.params()) {
      assertEquals(estimator.getOrDefault(p), loadedEstimator.getOrDefault(loadedEstimator.getParam(p.name())),
          p.name());
    }

    FtrlLogisticRegressionModel model = estimator.fit(train);
    model.write().overwrite().save(dir.resolve("model").toString());
    FtrlLogisticRegressionModel loaded = FtrlLogisticRegressionModel.load(dir.resolve("model").toString());
    assertArrayEquals(model.linearModel().weights(), loaded.linearModel().weights(), 0.0);
    assertEquals(0.3, loaded.getThreshold());
    assertEquals("pred", loaded.getPredictionCol());
    assertEquals(
        model.transform(test).select("probability", "pred").collectAsList(),
        loaded.transform(test).select("probability", "pred").collectAsList());

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {estimator});
    pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
    Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
    PipelineModel fitted = loadedPipeline.fit(train);
    fitted.write().overwrite().save(dir.resolve("pipelineModel").toString());
    PipelineModel loadedFitted = PipelineModel.load(dir.resolve("pipelineModel").toString());
    assertEquals(
        fitted.transform(test).select("probability").collectAsList(),
        loadedFitted.transform(test).select("probability").collectAsList());
    assertEquals(
        model.transform(test).select("probability").collectAsList(),
        loadedFitted.transform(test).select("probability").collectAsList());
  }

  @Test
  void crossValidatorPicksFromAGrid() {
    FtrlLogisticRegression lr = new FtrlLogisticRegression().setSeed(3L).setMaxIter(3);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(lr.l1(), new double[] {0.0, 50.0})
        .addGrid(lr.alpha(), new double[] {0.05, 0.2})
        .build();
    CrossValidatorModel cv = new CrossValidator()
        .setEstimator(lr)
        .setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setNumFolds(2)
        .setSeed(7L)
        .fit(train);
    double[] metrics = cv.avgMetrics();
    assertEquals(4, metrics.length);
    FtrlLogisticRegressionModel best = (FtrlLogisticRegressionModel) cv.bestModel();
    // l1 = 50 wipes every weight (AUC 0.5), so the best model must have l1 = 0.
    assertEquals(0.0, best.getL1());
    assertTrue(auc(cv.transform(test)) > 0.7);
  }

  @Test
  void crossValidatorTunesTheStoppingParams() {
    FtrlLogisticRegression lr = new FtrlLogisticRegression().setSeed(3L).setMaxIter(4).setWeightCol("weight");
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(lr.validationMetric(), scala.jdk.javaapi.CollectionConverters.asScala(List.of("auc", "logLoss")))
        .addGrid(lr.earlyStoppingPatience(), new int[] {1, 3})
        .build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(7L).fit(train);
    assertEquals(4, cv.avgMetrics().length);
    FtrlLogisticRegressionModel best = (FtrlLogisticRegressionModel) cv.bestModel();
    assertTrue(List.of(1, 3).contains(best.getEarlyStoppingPatience()));
    assertTrue(List.of("auc", "logLoss").contains(best.getValidationMetric()));
    assertTrue(auc(cv.transform(test)) > 0.7);
  }

  @Test
  void badParamsFailAtSetTimeWithNameValueAndRange() {
    FtrlLogisticRegression lr = new FtrlLogisticRegression();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lr.setAlpha(-1.0));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("-1.0") && e.getMessage().contains(">= 0"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> lr.setThreshold(1.5));
    assertTrue(e.getMessage().contains("threshold") && e.getMessage().contains("[0.0, 1.0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> lr.setMaxIter(-2));
    assertTrue(e.getMessage().contains("maxIter") && e.getMessage().contains("-2"), e.getMessage());
  }

  @Test
  void badLabelsFailTheFitWithTheValue() {
    List<Row> rows = List.of(
        RowFactory.create(Vectors.sparse(3, new int[] {0}, new double[] {1}), 1.0),
        RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {1}), 0.5));
    Dataset<Row> bad = spark.createDataFrame(rows, new StructType()
        .add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType));
    Exception e = assertThrows(Exception.class, () -> new FtrlLogisticRegression().fit(bad));
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("Labels MUST be in {0, 1}, but got 0.5"), cause.getMessage());
  }
}
