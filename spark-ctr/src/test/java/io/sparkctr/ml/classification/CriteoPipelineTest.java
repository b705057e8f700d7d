package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Featurizer and classifier in one Pipeline on real Criteo rows, with non-default Params. */
@Tag("spark")
class CriteoPipelineTest {
  @Test
  void pipelineOfFeaturizerAndFtrlFitsSavesAndLoads(@TempDir Path dir) throws Exception {
    Path file = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    CtrDataReader.Result raw = CtrDataReader.read(SparkTestSession.get(), file.toString(), InputFormat.CRITEO, "error", 0);
    Dataset<Row> rows = raw.rows().cache();
    Dataset<Row> train = rows.limit(8000);
    Dataset<Row> test = rows.exceptAll(train);

    CtrFeaturizer featurizer = new CtrFeaturizer()
        .setInputCols(raw.rawColumns())
        .setNumericCols("I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12", "I13")
        .setEncoding("hash").setNumBits(18).setOutputCol("x");
    FtrlLogisticRegression ftrl = new FtrlLogisticRegression().setFeaturesCol("x")
        .setAlpha(0.05).setL1(1.0).setL2(1.0).setMaxIter(2).setSeed(9L).setProbabilityCol("p");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {featurizer, ftrl});
    pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
    PipelineModel fitted = Pipeline.load(dir.resolve("pipeline").toString()).fit(train);
    fitted.write().overwrite().save(dir.resolve("fitted").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("fitted").toString());

    List<Row> before = fitted.transform(test).select("p", "prediction").collectAsList();
    List<Row> after = loaded.transform(test).select("p", "prediction").collectAsList();
    assertEquals(before, after);
    FtrlLogisticRegressionModel model = (FtrlLogisticRegressionModel) loaded.stages()[1];
    assertEquals(1 << 18, model.numFeatures());
    assertEquals(0.05, model.getAlpha());
    double auc = new BinaryClassificationEvaluator().evaluate(loaded.transform(test));
    assertTrue(auc > 0.70, "test AUC on the Criteo sample: " + auc);

    // Several partitions reach one partition's AUC (with the default syncsPerEpoch); the merge must
    // not overshoot over epochs.
    Dataset<Row> features = fitted.stages()[0].transform(train).coalesce(1).cache();
    Dataset<Row> testFeatures = fitted.stages()[0].transform(test).cache();
    FtrlLogisticRegression three = ftrl.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(3);
    double one = new BinaryClassificationEvaluator().evaluate(three.fit(features).transform(testFeatures));
    double four = new BinaryClassificationEvaluator().evaluate(
        three.fit(features.repartition(4)).transform(testFeatures));
    assertEquals(one, four, 0.005, "test AUC with 4 partitions vs 1 after 3 epochs");
    rows.unpersist();
  }

  @Test
  void fmOnTwoThousandHashedRowsStoresOnlyTheRowsItSaw() {
    Path file = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    CtrDataReader.Result raw = CtrDataReader.read(SparkTestSession.get(), file.toString(), InputFormat.CRITEO, "error", 0);
    Dataset<Row> rows = raw.rows().limit(2000);
    // The CLI's default featurizer: every token hashed into 2^20 indices.
    Dataset<Row> features = io.sparkctr.cli.Jobs.featurizerFor(InputFormat.CRITEO, raw.rawColumns()).fit(rows)
        .transform(rows).coalesce(1).cache();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (Row r : features.select("features").collectAsList()) {
      for (int j : ((org.apache.spark.ml.linalg.SparseVector) r.get(0)).indices()) {
        seen.add(j);
      }
    }
    FactorizationMachineClassificationModel fm = new FactorizationMachineClassifier().setValidationFraction(0.0)
        .setMaxIter(2).fit(features);
    int k = fm.getFactorSize();
    assertEquals(1 << 20, fm.numFeatures());
    assertEquals(seen.size(), fm.featureIndex().size(), "one model row per feature seen");
    assertEquals(fm.featureIndex().size(), fm.factorizationModel().layout().numFeatures());
    assertTrue(fm.nonzeroParameters() <= (long) seen.size() * (k + 1), fm.nonzeroParameters() + " nonzero parameters");
    assertTrue(fm.nonzeroEmbeddingRows() <= seen.size());
    io.sparkctr.serving.ServingModel served = io.sparkctr.serving.ServingModel.indexed(fm.factorizationModel());
    assertTrue(served.numNonzeroEmbeddingRows() <= seen.size());
    long bytes = io.sparkctr.serving.ServingModelCodec.encodedSize(served);
    // Per stored feature: its index, linear weight and k factors, plus a few bytes of bookkeeping.
    assertTrue(bytes < 64L + seen.size() * (4 + 8 + 8L * k + 16), "exported " + bytes + " bytes");
    features.unpersist();
  }
}
