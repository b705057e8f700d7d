package io.sparkctr.ml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.serving.ServingModel;
import io.sparkctr.serving.ServingModelCodec;
import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Export, then serve from the file with no SparkSession: the same probabilities as the Spark model. */
@Tag("spark")
class ModelExportTest {
  private static CtrDataReader.Result criteo;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void read() {
    criteo = CtrDataReader.read(SparkTestSession.get(),
        SharedDatasets.require("criteo_kaggle_head10000/train.txt").toString(), InputFormat.CRITEO, "error", 0);
    Dataset<Row> rows = criteo.rows().coalesce(1).cache();
    train = rows.limit(8000).cache();
    test = rows.exceptAll(train).limit(600).cache();
  }

  static ServingModel roundTrip(ServingModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ServingModelCodec.write(model, bytes);
    assertEquals(bytes.size(), ServingModelCodec.encodedSize(model));
    return ServingModelCodec.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  @ParameterizedTest
  @CsvSource({"hash, 1.0, keep", "vocab, 1.0, error", "vocab, 0.0, error"})
  void servingRawRowsFromTheExportedFileMatchesSpark(String encoding, double l1, String handleInvalid)
      throws IOException {
    String[] columns = criteo.rawColumns();
    CtrFeaturizer featurizer = new CtrFeaturizer().setInputCols(columns)
        .setNumericCols(java.util.Arrays.copyOf(columns, 13)).setEncoding(encoding).setNumBits(16)
        .setMinCount(5).setHandleInvalid(handleInvalid);
    FtrlLogisticRegression ftrl = new FtrlLogisticRegression().setAlpha(0.05).setL1(l1).setL2(1.0).setMaxIter(2);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {featurizer, ftrl}).fit(train);
    ServingModel served = roundTrip(ModelExport.of(pipeline));

    List<Row> scored = pipeline.transform(test).collectAsList();
    ServingModel.Scorer scorer = served.scorer();
    String[] raw = new String[columns.length];
    for (Row row : scored) {
      for (int c = 0; c < columns.length; c++) {
        raw[c] = row.getString(row.fieldIndex(columns[c]));
      }
      double spark = ((Vector) row.getAs("probability")).apply(1);
      assertEquals(spark, scorer.probability(raw), 1e-12, "row " + row);
    }
    assertTrue(served.numStoredWeights() > 0);
    if (handleInvalid.equals("error")) {
      String[] bad = raw.clone();
      bad[0] = "x";
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.probability(bad));
      assertTrue(e.getMessage().contains("I1") && e.getMessage().contains("'x'"), e.getMessage());
    }
  }

  @Test
  void hashedExportStoresOnlyNonzeroWeights() throws IOException {
    String[] columns = criteo.rawColumns();
    CtrFeaturizer featurizer = new CtrFeaturizer().setInputCols(columns).setNumBits(16);
    FtrlLogisticRegression ftrl = new FtrlLogisticRegression().setL1(2.0).setMaxIter(1);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {featurizer, ftrl}).fit(train);
    ServingModel served = ModelExport.of(pipeline);
    int nonzeros = ((io.sparkctr.ml.classification.FtrlLogisticRegressionModel) pipeline.stages()[1]).numNonzeros();
    assertEquals(nonzeros, served.numStoredWeights());
    assertTrue(nonzeros < 1 << 16);
  }

  @Test
  void servingIndexedRowsMatchesSpark() throws IOException {
    Dataset<Row> ffm = CtrDataReader.read(SparkTestSession.get(),
        SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt").toString(), InputFormat.LIBFFM, "error", 0)
        .rows();
    PipelineModel pipeline = new Pipeline()
        .setStages(new PipelineStage[] {new FtrlLogisticRegression().setMaxIter(3).setL1(0.1)}).fit(ffm);
    ServingModel served = roundTrip(ModelExport.of(pipeline));
    ServingModel.Scorer scorer = served.scorer();
    for (Row row : pipeline.transform(ffm).collectAsList()) {
      SparseVector v = (SparseVector) row.getAs("features");
      double spark = ((Vector) row.getAs("probability")).apply(1);
      assertEquals(spark, scorer.probability(v.indices(), v.values(), v.indices().length), 1e-12);
    }
  }

  @Test
  void aCorruptFileIsRejectedWithItsReason() {
    IOException e = assertThrows(IOException.class,
        () -> ServingModelCodec.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 0, 0, 0, 1})));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }
}
