package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.testing.LocalReference;
import io.sparkctr.testing.SparseData;
import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.DeepFmState;
import io.sparkctr.train.DeepFmTrainer;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DeepFM on Spark: one partition ≡ the local trainer for every optimizer, persistence, Pipeline. */
@Tag("spark")
class DeepFmClassifierTest {
  private static final int TRAIN = 6000;
  /** A group-lasso strength that zeroes part of the embedding rows at Adam's AUC on this data (checked below). */
  private static final double GROUP_L21 = 0.01;
  private static SparseData data;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void setUp() {
    FactorizationMachineClassifierTest.setUp();
    data = FactorizationMachineClassifierTest.data();
    train = FactorizationMachineClassifierTest.trainSet();
    test = FactorizationMachineClassifierTest.frame(TRAIN, 8000, 1);
  }

  private static DeepFmClassifier estimator(String optimizer) {
    DeepFmClassifier e = new DeepFmClassifier().setOptimizer(optimizer).setEmbeddingDim(4)
        .setHiddenLayers(new int[] {8, 4}).setBatchSize(64).setMaxIter(2).setSeed(5L).setStepSize(0.01)
        .setInitStd(0.01).setSyncsPerEpoch(2).setWeightCol("weight").setValidationFraction(0.0).setTol(0.0);
    if (optimizer.equals("sgd")) {
      return e.setStepSize(0.5); // plain SGD needs a larger rate than the adaptive ones
    }
    if (optimizer.equals("groupAdam")) {
      return e.setL21(GROUP_L21);
    }
    return optimizer.equals("sam") || optimizer.equals("helen") ? e.setRho(0.05) : e;
  }

  private static double auc(Dataset<Row> scored) {
    return new BinaryClassificationEvaluator().evaluate(scored);
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "sgd", "adagrad", "sam", "helen", "groupAdam"})
  void onePartitionIsTheLocalTrainerAndLearns(String optimizer) {
    DeepFmClassifier estimator = estimator(optimizer);
    DeepFmClassificationModel model = estimator.fit(train);
    DeepFmLayout layout = model.deepFmModel().layout();
    CsrBlock block = LocalReference.compact(data.blockWithFields(0, TRAIN));
    assertEquals(new DeepFmLayout(block.dimension(), 6, 4, new int[] {8, 4}, true), layout);
    int[] fieldOf = null;
    double[] counts = null;
    if (optimizer.equals("helen")) {
      double[][] stats = block.featureCounts(block.dimension());
      counts = stats[0];
      fieldOf = new int[counts.length];
      for (int j = 0; j < counts.length; j++) {
        fieldOf[j] = Math.max(0, (int) stats[1][j] - 1);
      }
    }
    DeepFmState local = DeepFmTrainer.train(estimator.config(layout, fieldOf, counts, block.numRows(),
        LocalReference.interceptStart(block)), List.of(block), 2);
    DeepFmModel trained = model.deepFmModel();
    for (int i = 0; i < layout.sparseSize(); i++) {
      assertEquals(local.sparse()[i], trained.sparse(i), 0.0, "sparse " + i);
    }
    for (int i = 0; i < layout.denseSize(); i++) {
      assertEquals(local.dense()[i], trained.dense(i), 0.0, "dense " + i);
    }
    assertTrue(auc(model.transform(test)) > 0.7, optimizer + " DeepFM should learn the planted model");
  }

  @Test
  void groupAdamZeroesWholeEmbeddingRowsAndTheSavedModelShrinks() {
    DeepFmClassificationModel adam = estimator("adam").fit(train);
    DeepFmClassificationModel group = estimator("groupAdam").fit(train);
    int rows = group.deepFmModel().layout().numFeatures();
    System.out.printf("groupAdam l21 %.3g: %d of %d embedding rows nonzero (adam %d), AUC %.4f (adam %.4f)%n", GROUP_L21,
        group.nonzeroEmbeddingRows(), rows, adam.nonzeroEmbeddingRows(), auc(group.transform(test)),
        auc(adam.transform(test)));
    assertTrue(group.nonzeroEmbeddingRows() < 0.9 * adam.nonzeroEmbeddingRows(), "whole rows are zero");
    assertTrue(auc(group.transform(test)) > auc(adam.transform(test)) - 0.01, "at about Adam's AUC");
    assertTrue(io.sparkctr.models.deepfm.DeepFmModelCodec.encodedSize(group.deepFmModel())
        < io.sparkctr.models.deepfm.DeepFmModelCodec.encodedSize(adam.deepFmModel()), "zero embeddings are not stored");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DeepFmClassifier().setOptimizer("adam").setL21(0.1).fit(train));
    assertTrue(e.getMessage().contains("l21") && e.getMessage().contains("groupAdam"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "groupAdam"}) // groupAdam: the rows keep three state columns, the dense side two
  void severalPartitionsStayCloseToOne(String optimizer) {
    DeepFmClassificationModel oneModel = estimator(optimizer).fit(train);
    DeepFmClassificationModel twoModel = estimator(optimizer).fit(FactorizationMachineClassifierTest.frame(0, TRAIN, 2));
    double one = auc(oneModel.transform(test));
    double two = auc(twoModel.transform(test));
    // Partitions must not cost accuracy; on this small set 2 partitions may also do better (groupAdam:
    // 0.860 against 0.849 on one, since its intercept starts at the base rate).
    assertTrue(two > one - 0.01, "1 partition " + one + ", 2 partitions " + two);
  }

  @Test
  void estimatorModelAndPipelineSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
    DeepFmClassifier estimator = estimator("helen").setHelenMode("officialCode").setMaxIter(1);
    estimator.write().overwrite().save(dir.resolve("estimator").toString());
    DeepFmClassifier loadedEstimator = DeepFmClassifier.load(dir.resolve("estimator").toString());
    assertEquals("officialCode", loadedEstimator.getHelenMode());
    assertEquals(List.of(8, 4), List.of(loadedEstimator.getHiddenLayers()[0], loadedEstimator.getHiddenLayers()[1]));

    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {estimator}).fit(train);
    pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());
    List<Row> a = pipeline.transform(test).select("probability").collectAsList();
    List<Row> b = loaded.transform(test).select("probability").collectAsList();
    for (int r = 0; r < a.size(); r++) {
      assertEquals(((Vector) a.get(r).get(0)).apply(1), ((Vector) b.get(r).get(0)).apply(1), 0.0, "row " + r);
    }
  }

  @Test
  void crossValidatorTunesHelenAndItsModelSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
    DeepFmClassifier estimator = estimator("helen").setMaxIter(1);
    ParamMap[] grid = new ParamGridBuilder().addGrid(estimator.rho(), new double[] {0.0, 0.05})
        .addGrid(estimator.helenMode(), scala.jdk.javaapi.CollectionConverters.asScala(List.of("paper", "officialCode")))
        .build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(estimator).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(1L).fit(train);
    assertEquals(4, cv.avgMetrics().length);
    for (double m : cv.avgMetrics()) {
      assertTrue(m > 0.6 && m <= 1.0, "fold AUC " + m);
    }
    assertTrue(cv.bestModel() instanceof DeepFmClassificationModel);
    assertTrue(auc(cv.transform(test)) > 0.7);
    cv.write().overwrite().save(dir.resolve("cv").toString());
    CrossValidatorModel loaded = CrossValidatorModel.load(dir.resolve("cv").toString());
    List<Row> a = cv.transform(test).select("probability").collectAsList();
    List<Row> b = loaded.transform(test).select("probability").collectAsList();
    for (int r = 0; r < a.size(); r++) {
      assertEquals(((Vector) a.get(r).get(0)).apply(1), ((Vector) b.get(r).get(0)).apply(1), 0.0, "row " + r);
    }
  }

  @Test
  void aPerturbationParamOfAnotherOptimizerIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DeepFmClassifier().setOptimizer("adam").setZeta(0.5).fit(train));
    assertTrue(e.getMessage().contains("zeta") && e.getMessage().contains("helen"), e.getMessage());
  }
}
