package io.sparkctr.ml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.FactorizationClassifierBase;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FieldAwareFMClassifier;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.serving.ServingModel;
import io.sparkctr.serving.ServingModelCodec;
import io.sparkctr.testing.SparkTestSession;
import io.sparkctr.testing.SparseData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FM and field-aware FM: export, write the file, read it back and serve with no SparkSession; the same
 * probabilities as the Spark model, and only nonzero linear weights and embedding rows stored. Raw rows
 * are the repository's synthetic Criteo sample ({@code datasets/synth}), indexed rows
 * {@link SparseData}'s.
 */
@Tag("spark")
class ModelExportFactorizationTest {
  private static SparkSession spark;
  private static String[] columns;
  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static SparseData data;
  private static Dataset<Row> indexed;
  /** Fitted pipelines by (model, encoding, l1), shared by the tests that need the same one. */
  private static final Map<String, PipelineModel> FITTED = new HashMap<>();

  @BeforeAll
  static void read() {
    spark = SparkTestSession.get();
    Path synth = Paths.get("..", "datasets", "synth").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(synth.resolve("train.tsv")), "missing " + synth.resolve("train.tsv"));
    CtrDataReader.Result read =
        CtrDataReader.read(spark, synth.resolve("train.tsv").toString(), InputFormat.CRITEO, "error", 0);
    columns = read.rawColumns();
    train = read.rows().limit(4000).coalesce(1).cache();
    test = CtrDataReader.read(spark, synth.resolve("test.tsv").toString(), InputFormat.CRITEO, "error", 0).rows()
        .limit(400).cache();

    data = new SparseData(31, 3000, 6, 40, false);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < data.numRows(); r++) {
      List<Integer> fields = new ArrayList<>();
      for (int f : data.fields(r)) {
        fields.add(f);
      }
      rows.add(RowFactory.create(Vectors.sparse(data.numFeatures, data.indices.get(r), data.values.get(r)),
          data.labels.get(r), scala.jdk.javaapi.CollectionConverters.asScala(fields).toSeq()));
    }
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType)
        .add("fields", DataTypes.createArrayType(DataTypes.IntegerType, false));
    indexed = spark.createDataFrame(rows, schema).coalesce(1).cache();
  }

  private static FactorizationClassifierBase<?> classifier(String model, double l1) {
    return model.equals("fm")
        ? new FactorizationMachineClassifier().setFactorSize(4).setMaxIter(1).setOptimizer("ftrl").setL1(l1)
        : new FieldAwareFMClassifier().setFactorSize(2).setOptimizer("ftrl").setL1(l1);
  }

  /** CtrFeaturizer (13 numeric columns, the rest plain) then the classifier, fitted once per key. */
  private static PipelineModel featurized(String model, String encoding, double l1) {
    return FITTED.computeIfAbsent(model + "," + encoding + "," + l1, key -> {
      CtrFeaturizer featurizer = new CtrFeaturizer().setInputCols(columns)
          .setNumericCols(Arrays.copyOf(columns, 13)).setEncoding(encoding).setNumBits(12).setMinCount(3)
          .setHandleInvalid(encoding.equals("hash") ? "keep" : "error");
      return new Pipeline().setStages(new PipelineStage[] {featurizer, classifier(model, l1)}).fit(train);
    });
  }

  private static FactorizationMachineClassificationModel classifierOf(PipelineModel pipeline) {
    return (FactorizationMachineClassificationModel) pipeline.stages()[pipeline.stages().length - 1];
  }

  /** Export, write through the Spark file system, read back with plain Java I/O. */
  private static ServingModel throughTheFile(PipelineModel pipeline, Path dir) throws IOException {
    ServingModel exported = ModelExport.of(pipeline);
    Path file = dir.resolve("model.sctx");
    long bytes = ModelExport.write(exported, file.toString(), spark);
    assertEquals(Files.size(file), bytes);
    try (InputStream in = Files.newInputStream(file)) {
      return ServingModelCodec.read(in);
    }
  }

  @ParameterizedTest
  @CsvSource({"fm, hash", "ffm, hash", "fm, vocab", "ffm, vocab"})
  void rawRowsServedFromTheFileMatchSpark(String model, String encoding, @TempDir Path dir) throws IOException {
    PipelineModel pipeline = featurized(model, encoding, 0.0);
    FactorizationMachineClassificationModel fm = classifierOf(pipeline);
    ServingModel served = throughTheFile(pipeline, dir);
    assertEquals(model.equals("fm") ? ServingModel.ModelType.FACTORIZATION_MACHINE
        : ServingModel.ModelType.FIELD_AWARE_FM, served.modelType());
    assertEquals(encoding.equals("hash") ? ServingModel.InputKind.HASHED : ServingModel.InputKind.VOCABULARY,
        served.inputKind());
    assertEquals(fm.numNonzeroEmbeddingRows(), served.numNonzeroEmbeddingRows());
    assertEquals(fm.numNonzeroLinear(), served.numStoredWeights());

    ServingModel.Scorer scorer = served.scorer();
    String[] raw = new String[columns.length];
    List<Row> scored = pipeline.transform(test).collectAsList();
    assertEquals(400, scored.size());
    for (Row row : scored) {
      for (int c = 0; c < columns.length; c++) {
        raw[c] = row.getString(row.fieldIndex(columns[c]));
      }
      assertEquals(((Vector) row.getAs("probability")).apply(1), scorer.probability(raw), 1e-12, "row " + row);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fm", "ffm"})
  void indexedRowsServedFromTheFileMatchSpark(String model, @TempDir Path dir) throws IOException {
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {classifier(model, 0.0)}).fit(indexed);
    ServingModel served = throughTheFile(pipeline, dir);
    assertEquals(ServingModel.InputKind.INDEXED, served.inputKind());
    assertEquals(model.equals("ffm") ? 6 : 1, served.numFields());
    ServingModel.Scorer scorer = served.scorer();
    for (Row row : pipeline.transform(indexed).limit(500).collectAsList()) {
      SparseVector v = (SparseVector) row.getAs("features");
      List<Integer> fieldList = row.getList(row.fieldIndex("fields"));
      int[] fields = fieldList.stream().mapToInt(Integer::intValue).toArray();
      assertEquals(((Vector) row.getAs("probability")).apply(1),
          scorer.probability(v.indices(), v.values(), fields, v.indices().length), 1e-12);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fm", "ffm"})
  void withL1TheFileStoresOnlyTheNonzeroEmbeddingRows(String model, @TempDir Path dir) throws IOException {
    PipelineModel pipeline = featurized(model, "hash", 0.5);
    FactorizationMachineClassificationModel fm = classifierOf(pipeline);
    int numFields = fm.factorizationModel().layout().numFields();
    assertEquals(model.equals("fm") ? 1 : columns.length, numFields);
    int allRows = fm.numFeatures() * numFields;
    assertTrue(fm.numNonzeroEmbeddingRows() < allRows,
        "l1 should zero some rows: " + fm.numNonzeroEmbeddingRows() + " of " + allRows);
    ServingModel served = throughTheFile(pipeline, dir);
    assertEquals(fm.numNonzeroEmbeddingRows(), served.numNonzeroEmbeddingRows());
    assertEquals(fm.numNonzeroLinear(), served.numStoredWeights());
    assertTrue(served.numNonzeroEmbeddingRows() < allRows);
    // and the dense one without l1 stores more
    assertTrue(served.numNonzeroEmbeddingRows() < ModelExport.of(featurized(model, "hash", 0.0)).numNonzeroEmbeddingRows());

    ServingModel.Scorer scorer = served.scorer();
    String[] raw = new String[columns.length];
    for (Row row : pipeline.transform(test).limit(100).collectAsList()) {
      for (int c = 0; c < columns.length; c++) {
        raw[c] = row.getString(row.fieldIndex(columns[c]));
      }
      assertEquals(((Vector) row.getAs("probability")).apply(1), scorer.probability(raw), 1e-12);
    }
  }

  @Test
  void aFieldAwareClassifierMustReadTheFeaturizersFields() {
    PipelineModel pipeline = featurized("ffm", "hash", 0.0);
    CtrFeaturizerModel featurizer = (CtrFeaturizerModel) pipeline.stages()[0];
    FactorizationMachineClassificationModel ffm =
        classifierOf(pipeline).copy(org.apache.spark.ml.param.ParamMap.empty()).setFieldsCol("otherFields");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelExport.of(featurizer, ffm));
    assertTrue(e.getMessage().contains("'fields'") && e.getMessage().contains("'otherFields'"), e.getMessage());
    // an FM does not read fields: its fieldsCol does not matter
    FactorizationMachineClassificationModel fm = classifierOf(featurized("fm", "hash", 0.0))
        .copy(org.apache.spark.ml.param.ParamMap.empty()).setFieldsCol("otherFields");
    assertEquals(ServingModel.ModelType.FACTORIZATION_MACHINE,
        ModelExport.of((CtrFeaturizerModel) featurized("fm", "hash", 0.0).stages()[0], fm).modelType());
  }
}
