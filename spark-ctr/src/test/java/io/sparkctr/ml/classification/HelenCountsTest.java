package io.sparkctr.ml.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.cli.Jobs;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.ml.feature.FeatureCounts;
import io.sparkctr.ml.io.SyntheticRows;
import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helen's stored count table: the count job's token counts, indexed by the featurizer, are the frequency job's. */
@Tag("spark")
class HelenCountsTest {
  private static SparkSession spark;
  private static Dataset<Row> raw;
  private static CtrFeaturizerModel featurizer;
  private static Dataset<Row> rows;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    raw = SyntheticRows.criteoFrame(spark, new SyntheticCriteo(11L, SyntheticCriteo.PlantedModel.FM), 0, 2000, 2)
        .cache();
    featurizer = Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES).setEncoding("vocab")
        .setMinCount(3).fit(raw);
    rows = featurizer.transform(raw).select("label", "features", "fields").cache();
  }

  private static Dataset<Row> tokenCounts(CtrFeaturizerModel model) {
    return FeatureCounts.compute(raw, model.getInputCols(), model.getNumericCols(), model.getHourCols());
  }

  /** N and field + 1 per index, counted directly from the featurized rows (the naive reference). */
  private static double[][] countedFromRows(int numFeatures) {
    double[] counts = new double[numFeatures];
    double[] fieldPlusOne = new double[numFeatures];
    for (Row r : rows.collectAsList()) {
      SparseVector v = ((Vector) r.get(1)).toSparse();
      List<Object> fields = scala.jdk.javaapi.CollectionConverters.asJava(r.<Object>getSeq(2));
      for (int p = 0; p < v.indices().length; p++) {
        counts[v.indices()[p]]++;
        fieldPlusOne[v.indices()[p]] = (Integer) fields.get(p) + 1.0;
      }
    }
    return new double[][] {counts, fieldPlusOne};
  }

  private static DeepFmClassifier helen() {
    return new DeepFmClassifier().setOptimizer("helen").setEmbeddingDim(4).setHiddenLayers(new int[] {8})
        .setBatchSize(128).setMaxIter(1).setSeed(3L).setStepSize(0.01).setInitStd(0.01)
        .setValidationFraction(0.0); // the job counts the rows trained on; the stored table counts every row
  }

  @Test
  void theIndexedCountTableIsWhatTheFrequencyJobCounts(@TempDir Path dir) {
    String path = dir.resolve("indexed").toString();
    FeatureCounts.write(featurizer.indexCounts(tokenCounts(featurizer)), path);
    double[][] stored = StoredCounts.read(spark, path,
        io.sparkctr.models.FeatureIndex.identity(featurizer.numFeatures()));
    double[][] expected = countedFromRows(featurizer.numFeatures());
    assertArrayEquals(expected[0], stored[0]);
    assertArrayEquals(expected[1], stored[1]);
    assertTrue(expected[0][featurizer.vocabulary().oovIndex(1)] > 0, "tokens below minCount land on the OOV rows");
  }

  @Test
  void helenFitsTheSameModelFromTheStoredTable(@TempDir Path dir) {
    String path = dir.resolve("indexed").toString();
    FeatureCounts.write(featurizer.indexCounts(tokenCounts(featurizer)), path);
    DeepFmClassificationModel job = helen().fit(rows);
    DeepFmClassificationModel stored = helen().setHelenCountsPath(path).fit(rows);
    assertEquals(path, stored.getHelenCountsPath());
    for (int i = 0; i < job.deepFmModel().layout().sparseSize(); i++) {
      assertEquals(job.deepFmModel().sparse(i), stored.deepFmModel().sparse(i), 0.0, "sparse " + i);
    }
    for (int i = 0; i < job.deepFmModel().layout().denseSize(); i++) {
      assertEquals(job.deepFmModel().dense(i), stored.deepFmModel().dense(i), 0.0, "dense " + i);
    }
  }

  @Test
  void hashingKeepsEveryCount() {
    CtrFeaturizerModel hashed = Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES).setNumBits(8)
        .fit(raw);
    Dataset<Row> tokens = tokenCounts(hashed);
    Dataset<Row> indexed = hashed.indexCounts(tokens);
    assertEquals(FeatureCounts.INDEXED_SCHEMA.fieldNames().length, indexed.columns().length);
    long tokenTotal = tokens.agg(org.apache.spark.sql.functions.sum("count")).first().getLong(0);
    long indexedTotal = indexed.agg(org.apache.spark.sql.functions.sum("count")).first().getLong(0);
    assertEquals(2000L * hashed.numFields(), tokenTotal);
    assertEquals(tokenTotal, indexedTotal, "colliding tokens add up, none is lost");
    assertTrue(indexed.count() <= 256);
  }

  @Test
  void aWrongTableIsAClearError(@TempDir Path dir) {
    String tokens = dir.resolve("tokens").toString();
    FeatureCounts.write(tokenCounts(featurizer), tokens);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> helen().setHelenCountsPath(tokens).fit(rows));
    assertTrue(e.getMessage().contains(tokens) && e.getMessage().contains("counts raw tokens"), e.getMessage());

    String outside = dir.resolve("outside").toString();
    int n = featurizer.numFeatures();
    FeatureCounts.write(spark.createDataFrame(List.of(RowFactory.create(n + 4, 0, 7L)), FeatureCounts.INDEXED_SCHEMA),
        outside);
    e = assertThrows(IllegalArgumentException.class, () -> helen().setHelenCountsPath(outside).fit(rows));
    assertTrue(e.getMessage().contains("feature index " + (n + 4)) && e.getMessage().contains("[0, " + n + ")"),
        e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new DeepFmClassifier().setOptimizer("adam").setHelenCountsPath(outside).fit(rows));
    assertTrue(e.getMessage().contains("helenCountsPath") && e.getMessage().contains("helen"), e.getMessage());

    Dataset<Row> avazu = spark.createDataFrame(List.of(RowFactory.create("14102100", "a")),
        new org.apache.spark.sql.types.StructType().add("hour", "string").add("C1", "string"));
    Dataset<Row> otherFields = FeatureCounts.compute(avazu, new String[] {"hour", "C1"}, new String[0],
        new String[] {"hour"});
    e = assertThrows(IllegalArgumentException.class, () -> featurizer.indexCounts(otherFields));
    assertTrue(e.getMessage().contains("recompute it"), e.getMessage());
  }
}
