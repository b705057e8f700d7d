package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
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

/** FM and FFM estimators: Spark ≡ local engine, degenerate equivalence with LR, persistence, tuning. */
@Tag("spark")
class FactorizationMachineClassifierTest {
  private static final int TRAIN = 6000;
  private static SparkSession spark;
  private static SparseData data;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    data = new SparseData(31, 8000, 6, 40, true);
    train = frame(0, TRAIN, 1);
    test = frame(TRAIN, 8000, 1);
  }

  static SparseData data() {
    return data;
  }

  static Dataset<Row> trainSet() {
    return train;
  }

  static Dataset<Row> frame(int from, int to, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int r = from; r < to; r++) {
      Vector v = Vectors.sparse(data.numFeatures, data.indices.get(r), data.values.get(r));
      rows.add(RowFactory.create(v, data.labels.get(r), data.weights.get(r),
          scala.jdk.javaapi.CollectionConverters.asScala(boxed(data.fields(r))).toSeq()));
    }
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType)
        .add("weight", DataTypes.DoubleType)
        .add("fields", DataTypes.createArrayType(DataTypes.IntegerType, false));
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    return partitions == 1 ? df.coalesce(1) : df.repartition(partitions, df.col("label"), df.col("weight"));
  }

  private static List<Integer> boxed(int[] a) {
    List<Integer> out = new ArrayList<>();
    for (int x : a) {
      out.add(x);
    }
    return out;
  }

  private static double auc(Dataset<Row> scored) {
    return new BinaryClassificationEvaluator().evaluate(scored);
  }

  private static FactorizationMachineClassifier fm(String optimizer) {
    FactorizationMachineClassifier e = new FactorizationMachineClassifier().setOptimizer(optimizer).setFactorSize(4)
        .setInitStd(0.05).setMaxIter(2).setSeed(7L).setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    switch (optimizer) {
      case "rda":
        return e.setGamma(2.0).setL1(1e-4);
      case "ftrl":
        return e.setL1(0.5);
      case "sparseGroupFtrl":
        return e.setAlpha(0.1).setL21(0.05);
      case "groupAdam":
        return e.setStepSize(0.01).setL21(1e-4);
      default:
        return e;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftrl", "rda", "sgd", "adagrad", "fobos", "sparseGroupFtrl", "groupAdam"})
  void fmOnOnePartitionIsTheLocalTrainerAndLearns(String optimizer) {
    FactorizationMachineClassifier estimator = fm(optimizer);
    FactorizationMachineClassificationModel model = estimator.fit(train);
    CsrBlock block = data.block(0, TRAIN);
    FactorLayout layout = new FactorLayout(LocalReference.index(block).size(), 1, 4, true, true);
    FmMargin margin = new FmMargin(layout, 0.05, 7L);
    TrainingConfig config = new TrainingConfig(estimator.optimizerSpec(false, margin), margin, 7L,
        estimator.getSyncsPerEpoch(), null, null).withInterceptStart(LocalReference.interceptStart(block));
    double[] local = LocalTrainer.fit(config, List.of(LocalReference.compact(block)), 2);
    FactorizationModel trained = model.factorizationModel();
    for (int i = 0; i < layout.dimension(); i++) {
      assertEquals(local[i], trained.parameter(i), 0.0, "parameter " + i);
    }
    assertTrue(auc(model.transform(test)) > 0.7, optimizer + " FM should learn the planted model");
  }

  @Test
  void ffmOnOnePartitionIsTheLocalTrainerAndLearns() {
    FieldAwareFMClassifier estimator = new FieldAwareFMClassifier().setFactorSize(2).setInitStd(0.05).setMaxIter(2)
        .setSeed(9L).setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    FactorizationMachineClassificationModel model = estimator.fit(train);
    assertTrue(model.fieldAware());
    CsrBlock block = data.blockWithFields(0, TRAIN);
    FactorLayout layout = new FactorLayout(LocalReference.index(block).size(), 6, 2, true, true);
    assertEquals(layout, model.factorizationModel().layout(), "six fields seen in training");
    FfmMargin margin = new FfmMargin(layout, 0.05, 9L);
    TrainingConfig config = new TrainingConfig(estimator.optimizerSpec(false, margin), margin, 9L,
        estimator.getSyncsPerEpoch(), null, null).withInterceptStart(LocalReference.interceptStart(block));
    double[] local = LocalTrainer.fit(config, List.of(LocalReference.compact(block)), 2);
    for (int i = 0; i < layout.dimension(); i++) {
      assertEquals(local[i], model.factorizationModel().parameter(i), 0.0, "parameter " + i);
    }
    assertTrue(auc(model.transform(test)) > 0.7, "FFM should learn the planted model");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftrl", "rda"})
  void factorsMoveFromTheirRandomStart(String optimizer) {
    FactorizationMachineClassificationModel model = fm(optimizer).setL1(0.0).fit(train);
    FactorLayout layout = model.factorizationModel().layout();
    double[] start = layout.randomStart(0.05, 7L);
    int moved = 0;
    int keptStart = 0;
    for (int i = layout.factorOffset(); i < layout.numRegularized(); i++) {
      double w = model.factorizationModel().parameter(i);
      moved += Math.abs(w - start[i]) > 1e-4 ? 1 : 0;
      keptStart += w == start[i] ? 1 : 0; // never touched: the start survives exactly
    }
    int factors = layout.numRegularized() - layout.factorOffset();
    assertTrue(moved > factors / 2, optimizer + ": only " + moved + " of " + factors + " factors moved");
    assertEquals(0, countZeros(model, layout), optimizer + " with l1 = 0 must keep every factor nonzero");
    assertTrue(keptStart < factors, "some factors must have changed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sparseGroupFtrl", "groupAdam"})
  void groupLassoZeroesWholeEmbeddingRows(String optimizer) {
    FactorizationMachineClassifier estimator = fm(optimizer);
    // The planted model has no interactions, so enough l21 removes every row (groupAdam does from about
    // 0.1 on); sparseGroupFtrl at 1.0 keeps some.
    estimator = optimizer.equals("groupAdam") ? estimator.setL21(0.2) : estimator.setL21(1.0);
    FactorizationModel model = estimator.fit(train).factorizationModel();
    FactorLayout layout = model.layout();
    int zeroRows = 0;
    for (int j = 0; j < layout.numFeatures(); j++) {
      int zeros = 0;
      for (int c = 0; c < layout.factorSize(); c++) {
        zeros += model.parameter(layout.factor(j, 0) + c) == 0.0 ? 1 : 0;
      }
      assertTrue(zeros == 0 || zeros == layout.factorSize(), optimizer + ": row " + j + " is partly zero");
      zeroRows += zeros == layout.factorSize() ? 1 : 0;
    }
    assertTrue(zeroRows > 0, optimizer + " with l21 > 0 should zero rows");
    if (optimizer.equals("sparseGroupFtrl")) {
      assertTrue(zeroRows < layout.numFeatures(), "some rows survive: " + zeroRows + " of " + layout.numFeatures());
    }
    assertEquals(layout.numFeatures() - zeroRows, model.numNonzeroEmbeddingRows());
  }

  private static int countZeros(FactorizationMachineClassificationModel model, FactorLayout layout) {
    int zeros = 0;
    for (int i = layout.factorOffset(); i < layout.numRegularized(); i++) {
      zeros += model.factorizationModel().parameter(i) == 0.0 ? 1 : 0;
    }
    return zeros;
  }

  @Test
  void fmWithFactorSizeZeroIsLogisticRegression() {
    FactorizationMachineClassificationModel fm = new FactorizationMachineClassifier().setFactorSize(0)
        .setL1(0.3).setL2(0.1).setAlpha(0.2).setMaxIter(2).setSeed(3L).setWeightCol("weight").fit(train);
    FtrlLogisticRegressionModel lr = new FtrlLogisticRegression()
        .setL1(0.3).setL2(0.1).setAlpha(0.2).setMaxIter(2).setSeed(3L).setWeightCol("weight").fit(train);
    assertEquals(lr.featureIndex(), fm.featureIndex(), "the same rows held out, the same features seen");
    for (int j = 0; j < data.numFeatures; j++) {
      assertEquals(lr.linearModel().weight(j), fm.factorizationModel().linearWeight(j), 0.0, "weight " + j);
    }
    assertEquals(lr.intercept(), fm.factorizationModel().intercept(), 0.0);
    assertEquals(lr.numNonzeros(), fm.numNonzeroLinear());
    assertEquals(0, fm.numNonzeroEmbeddingRows());
    List<Row> a = lr.transform(test).select("probability").collectAsList();
    List<Row> b = fm.transform(test).select("probability").collectAsList();
    assertEquals(a.size(), b.size());
    for (int r = 0; r < a.size(); r++) {
      // same weights; the margins only add the intercept in a different order
      assertEquals(((Vector) a.get(r).get(0)).apply(1), ((Vector) b.get(r).get(0)).apply(1), 1e-15, "row " + r);
    }
  }

  @Test
  void severalPartitionsReachTheAucOfOne() {
    double one = auc(fm("ftrl").fit(train).transform(test));
    double four = auc(fm("ftrl").fit(frame(0, TRAIN, 4)).transform(test));
    assertTrue(Math.abs(one - four) < 0.01, "1 partition " + one + ", 4 partitions " + four);
  }

  @Test
  void estimatorsModelsAndPipelinesSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
    for (FactorizationClassifierBase<?> estimator : List.of(fm("ftrl"),
        new FieldAwareFMClassifier().setFactorSize(2).setFieldsCol("fields").setMaxIter(1).setL1(0.2)
            .setValidationFraction(0.2).setValidationSplit("rowOrder").setEarlyStoppingPatience(3)
            .setValidationMetric("auc").setTol(1e-4))) {
      String name = estimator.getClass().getSimpleName();
      estimator.write().overwrite().save(dir.resolve(name + "-estimator").toString());
      PipelineStage loadedEstimator = estimator instanceof FieldAwareFMClassifier
          ? FieldAwareFMClassifier.load(dir.resolve(name + "-estimator").toString())
          : FactorizationMachineClassifier.load(dir.resolve(name + "-estimator").toString());
      assertEquals(estimator.extractParamMap().toString(), loadedEstimator.extractParamMap().toString()
          .replace(loadedEstimator.uid(), estimator.uid()));

      FactorizationMachineClassificationModel model = (FactorizationMachineClassificationModel) estimator.fit(train);
      model.write().overwrite().save(dir.resolve(name + "-model").toString());
      FactorizationMachineClassificationModel loaded =
          FactorizationMachineClassificationModel.load(dir.resolve(name + "-model").toString());
      assertEquals(model.factorizationModel().layout(), loaded.factorizationModel().layout());
      assertEquals(model.numNonzeros(), loaded.numNonzeros());
      for (int i = 0; i < model.factorizationModel().layout().dimension(); i++) {
        assertEquals(model.factorizationModel().parameter(i), loaded.factorizationModel().parameter(i), 0.0);
      }
      assertEquals(model.transform(test).select("probability").collectAsList(),
          loaded.transform(test).select("probability").collectAsList());

      PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {estimator}).fit(train);
      pipeline.write().overwrite().save(dir.resolve(name + "-pipeline").toString());
      PipelineModel loadedPipeline = PipelineModel.load(dir.resolve(name + "-pipeline").toString());
      assertEquals(pipeline.transform(test).select("probability").collectAsList(),
          loadedPipeline.transform(test).select("probability").collectAsList());
    }
  }

  @Test
  void crossValidatorPicksAFactorSize() {
    FactorizationMachineClassifier estimator = fm("ftrl").setMaxIter(1);
    ParamMap[] grid = new ParamGridBuilder().addGrid(estimator.factorSize(), new int[] {0, 2}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(estimator).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(1L).fit(train);
    assertEquals(2, cv.avgMetrics().length);
    assertTrue(auc(cv.transform(test)) > 0.7);
  }

  @Test
  void fieldAwareNeedsItsFieldsColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FieldAwareFMClassifier().setFieldsCol("nope").fit(train));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
        () -> new FieldAwareFMClassifier().setFieldsCol("weight").fit(train));
    assertTrue(wrongType.getMessage().contains("array<int>"), wrongType.getMessage());
  }
}
