package io.sparkctr.ml.feature;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.featurize.FieldHashing;
import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class CtrFeaturizerTest {
  private static SparkSession spark;
  private static Dataset<Row> tiny;

  @BeforeAll
  static void start() {
    spark = io.sparkctr.testing.SparkTestSession.get();
    tiny = FeatureCountsTest.tiny(spark).cache();
  }

  @AfterAll
  static void stop() {
  }

  /** Fields c, n (numeric), hr_hour, hr_weekday over the tiny frame. */
  private static CtrFeaturizer featurizer() {
    return new CtrFeaturizer().setInputCols("c", "n", "hr").setNumericCols("n").setHourCols("hr");
  }

  /** Per row (by id): "indices|values|fields". */
  private static List<String> rows(Dataset<Row> out, String vectorCol, String fieldsCol) {
    final List<String> result = new ArrayList<>();
    for (Row r : out.orderBy("id").select(col(vectorCol), col(fieldsCol)).collectAsList()) {
      final SparseVector v = (SparseVector) r.get(0);
      final List<Integer> fields = r.getList(1);
      result.add(Arrays.toString(v.indices()) + "|" + Arrays.toString(v.values()) + "|" + fields);
    }
    return result;
  }

  private static List<String> rows(Dataset<Row> out) {
    return rows(out, "features", "fields");
  }

  @Test
  void vocabModeGivesExactIndicesOovFirstCountDescTokenAsc() {
    final CtrFeaturizerModel model = featurizer().setEncoding("vocab").fit(tiny);
    // c: 0=<oov> 1=a(2) 2=""(1) 3=b(1) | n: 4=<oov> 5="" 6="-1" 7="1" 8="47"
    // hr_hour: 9=<oov> 10="00"(3) 11="13" | hr_weekday: 12=<oov> 13="1"(3) 14="2"
    assertEquals(15, model.numFeatures());
    assertEquals(4, model.numFields());
    assertEquals(List.of("c", "n", "hr_hour", "hr_weekday"), List.of(model.fieldNames()));
    final Vocabulary v = model.vocabulary();
    assertEquals("47", v.token(8));
    assertEquals(2, v.fieldOf(10));
    final Dataset<Row> out = model.transform(tiny);
    assertEquals(List.of(
        "[1, 8, 10, 13]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",   // a, 1000 -> 47, 00, Tuesday
        "[1, 7, 11, 14]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",   // a, 3 -> 1, 13, Wednesday
        "[3, 5, 10, 13]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",   // b, null numeric -> ""
        "[2, 6, 10, 13]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]"),  // null -> "", -1
        rows(out));
    // other columns are kept, outputs are appended with their types and the vector size as metadata
    assertEquals(List.of("id", "label", "c", "n", "hr", "features", "fields"), List.of(out.schema().fieldNames()));
    assertEquals(15, AttributeGroup.fromStructField(out.schema().apply("features")).size());
    assertEquals(DataTypes.createArrayType(DataTypes.IntegerType, false), out.schema().apply("fields").dataType());
    assertEquals(1.0, out.orderBy("id").first().getDouble(1));
  }

  @Test
  void minCountSendsRareTokensToTheFieldsOovIndex() {
    final CtrFeaturizerModel model = featurizer().setEncoding("vocab").setMinCount(2).fit(tiny);
    // c: 0=<oov> 1=a | n: 2=<oov> | hr_hour: 3=<oov> 4="00" | hr_weekday: 5=<oov> 6="1"
    assertEquals(7, model.numFeatures());
    assertEquals(List.of(
        "[1, 2, 4, 6]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",
        "[1, 2, 3, 5]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",
        "[0, 2, 4, 6]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]",
        "[0, 2, 4, 6]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]"),
        rows(model.transform(tiny)));
    assertEquals(2, model.vocabulary().count(0)); // b and "" absorbed by c's OOV
  }

  @Test
  void vocabularyComesFromCountsPathWhenSet(@TempDir Path dir) {
    final String path = dir.resolve("counts").toString();
    FeatureCounts.write(FeatureCounts.compute(tiny.filter("id < 2"),
        new String[] {"c", "n", "hr"}, new String[] {"n"}, new String[] {"hr"}), path);
    final CtrFeaturizerModel model = featurizer().setEncoding("vocab").setCountsPath(path).fit(tiny);
    // from rows 0-1 only: c: 0=<oov> 1=a | n: 2=<oov> 3="1" 4="47" | hr_hour: 5=<oov> 6="00" 7="13"
    // hr_weekday: 8=<oov> 9="1" 10="2"
    assertEquals(11, model.numFeatures());
    assertEquals("[0, 2, 6, 9]|[1.0, 1.0, 1.0, 1.0]|[0, 1, 2, 3]", rows(model.transform(tiny)).get(2));

    // a table computed for other fields is rejected
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CtrFeaturizer().setInputCols("n", "c").setEncoding("vocab").setCountsPath(path).fit(tiny));
    assertTrue(e.getMessage().contains("recompute it"), e.getMessage());
  }

  @Test
  void hashModeIndicesAreFieldSaltedMurmurAndCollisionsSum() {
    final FieldLayout layout = new FieldLayout(new String[] {"c", "n", "hr"}, new String[] {"n"}, new String[] {"hr"});
    for (int bits : new int[] {12, 1}) {
      final CtrFeaturizerModel model = featurizer().setNumBits(bits).fit(tiny);
      assertEquals(1 << bits, model.numFeatures());
      final List<String> actual = rows(model.transform(tiny));
      final String[][] raw = {{"a", "1000", "14102100"}, {"a", "3", "14102213"}, {"b", null, "14102100"},
          {null, "-1", "14102100"}};
      for (int r = 0; r < raw.length; r++) {
        final String[] tokens = new String[4];
        layout.toFieldTokens(raw[r], tokens);
        // expected: (index -> [sum of values, lowest field]) from FieldHashing directly
        final TreeMap<Integer, double[]> expected = new TreeMap<>();
        for (int f = 0; f < 4; f++) {
          final int index = FieldHashing.index(f, tokens[f], bits);
          final double[] e = expected.computeIfAbsent(index, k -> new double[] {0, Integer.MAX_VALUE});
          e[0] += 1;
          e[1] = Math.min(e[1], f);
        }
        final List<Integer> fields = new ArrayList<>();
        final double[] values = new double[expected.size()];
        int i = 0;
        for (double[] e : expected.values()) {
          values[i++] = e[0];
          fields.add((int) e[1]);
        }
        final String want = expected.keySet() + "|" + Arrays.toString(values) + "|" + fields;
        assertEquals(want, actual.get(r), "row " + r + ", numBits " + bits);
      }
      if (bits == 1) {
        // 4 fields in 2 buckets: every row has a collision and the values add up to numFields
        for (String row : actual) {
          final String[] parts = row.split("\\|");
          final double total = Arrays.stream(parts[1].replaceAll("[\\[\\]]", "").split(", "))
              .mapToDouble(Double::parseDouble).sum();
          assertEquals(4.0, total, row);
        }
      }
    }
  }

  @Test
  void integralInputColumnsReadAsTheirDecimalString() {
    final Dataset<Row> ints = tiny.withColumn("n", col("n").cast("int"));
    final CtrFeaturizer f = featurizer().setEncoding("vocab");
    assertEquals(rows(f.fit(tiny).transform(tiny)), rows(f.fit(ints).transform(ints)));
  }

  @Test
  void handleInvalidErrorSkipKeep() {
    final Dataset<Row> bad = tiny
        .withColumn("n", org.apache.spark.sql.functions.expr("CASE WHEN id = 1 THEN 'x1' ELSE n END"))
        .withColumn("hr", org.apache.spark.sql.functions.expr("CASE WHEN id = 2 THEN '14133100' ELSE hr END"));
    // error (default) fails at fit in vocab mode (counting), and at transform in hash mode
    final Exception fitError = assertThrows(Exception.class, () -> featurizer().setEncoding("vocab").fit(bad));
    assertTrue(LocalSpark.messages(fitError).contains("Column n MUST hold an integer or empty, but got 'x1'"),
        LocalSpark.messages(fitError));
    final CtrFeaturizerModel hash = featurizer().fit(bad);
    final Exception transformError = assertThrows(Exception.class, () -> hash.transform(bad).collectAsList());
    final String messages = LocalSpark.messages(transformError);
    assertTrue(messages.contains("'x1'") || messages.contains("Column hr MUST hold YYMMDDHH or empty, but got '14133100'"),
        messages);

    // skip drops the two invalid rows
    final Dataset<Row> skipped = featurizer().setHandleInvalid("skip").setEncoding("vocab").fit(bad).transform(bad);
    assertEquals(List.of(0, 3), skipped.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.INT()).collectAsList());

    // keep maps them to the category <invalid> of their field(s)
    final CtrFeaturizerModel keep = featurizer().setHandleInvalid("keep").setEncoding("vocab").fit(bad);
    final Vocabulary v = keep.vocabulary();
    final int invalidN = v.index(1, FieldLayout.INVALID_TOKEN);
    final int invalidHour = v.index(2, FieldLayout.INVALID_TOKEN);
    final int invalidWeekday = v.index(3, FieldLayout.INVALID_TOKEN);
    assertTrue(invalidN != v.oovIndex(1) && invalidHour != v.oovIndex(2) && invalidWeekday != v.oovIndex(3));
    final List<Row> kept = keep.transform(bad).orderBy("id").select("features").collectAsList();
    assertEquals(4, kept.size());
    final SparseVector row1 = (SparseVector) kept.get(1).get(0);
    final SparseVector row2 = (SparseVector) kept.get(2).get(0);
    assertTrue(Arrays.stream(row1.indices()).anyMatch(i -> i == invalidN));
    assertTrue(Arrays.stream(row2.indices()).anyMatch(i -> i == invalidHour)
        && Arrays.stream(row2.indices()).anyMatch(i -> i == invalidWeekday));
  }

  @Test
  void schemaErrorsNameTheColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CtrFeaturizer().setInputCols("c", "missing").transformSchema(tiny.schema()));
    assertTrue(e.getMessage().contains("Input column missing MUST exist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CtrFeaturizer().setInputCols("label").fit(tiny));
    assertTrue(e.getMessage().contains("Input column label MUST be of type string") && e.getMessage().contains("double"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CtrFeaturizer().setInputCols("c").setOutputCol("n").transformSchema(tiny.schema()));
    assertTrue(e.getMessage().contains("Output column n MUST NOT exist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CtrFeaturizer().setInputCols("c").setNumericCols("n").transformSchema(tiny.schema()));
    assertTrue(e.getMessage().contains("numericCols MUST be a subset of inputCols"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CtrFeaturizer().transformSchema(tiny.schema()));
    assertTrue(e.getMessage().contains("inputCols MUST be set"), e.getMessage());
  }

  @Test
  void badParamsFailAtSetTimeWithNameValueAndRange() {
    final CtrFeaturizer f = new CtrFeaturizer();
    assertMessage(() -> f.setNumBits(0), "Param numBits MUST be in [1.0, 30.0], but got 0");
    assertMessage(() -> f.setNumBits(31), "Param numBits MUST be in [1.0, 30.0], but got 31");
    assertMessage(() -> f.setMinCount(0), "Param minCount MUST be finite and >= 1.0, but got 0");
    assertMessage(() -> f.setEncoding("onehot"), "Param encoding MUST be one of [hash, vocab], but got 'onehot'");
    assertMessage(() -> f.setHandleInvalid("drop"),
        "Param handleInvalid MUST be one of [error, skip, keep], but got 'drop'");
    assertMessage(() -> f.setInputCols(), "Param inputCols MUST be a non-empty array of distinct non-empty names, but got []");
    assertMessage(() -> f.setInputCols("a", "a"), "but got [a, a]");
    assertMessage(() -> f.setOutputCol(""), "Param outputCol MUST be a non-empty string, but got ''");
    // defaults
    assertEquals(20, f.getNumBits());
    assertEquals("hash", f.getEncoding());
    assertEquals(1L, f.getMinCount());
    assertEquals("error", f.getHandleInvalid());
    assertEquals("features", f.getOutputCol());
    assertEquals("fields", f.getFieldsCol());
    assertEquals(0, f.getNumericCols().length);
    assertEquals("", f.getCountsPath());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void paramsAreOwnedAccessibleAndCopied() {
    final CtrFeaturizer f = featurizer().setNumBits(7);
    final Param<?>[] params = f.params();
    assertEquals(10, params.length);
    for (Param<?> p : params) {
      assertEquals(f.uid(), p.parent());
      assertTrue(f.explainParam(p).contains(p.name()));
    }
    final CtrFeaturizer copy = f.copy(new org.apache.spark.ml.param.ParamMap().put(new ParamPair<>(f.numBits(), 9)));
    assertEquals(9, copy.getNumBits());
    assertEquals(7, f.getNumBits());
    assertEquals(f.uid(), copy.uid());
    final CtrFeaturizerModel model = f.fit(tiny);
    final CtrFeaturizerModel modelCopy = model.copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(model.numFeatures(), modelCopy.numFeatures());
    assertEquals(f, model.parent());
  }

  private static CtrFeaturizer nonDefault() {
    return featurizer().setEncoding("vocab").setNumBits(9).setMinCount(2).setOutputCol("x").setFieldsCol("xf")
        .setHandleInvalid("keep");
  }

  @Test
  void estimatorAndModelSaveAndLoad(@TempDir Path dir) throws Exception {
    final CtrFeaturizer est = nonDefault();
    est.write().overwrite().save(dir.resolve("est").toString());
    final CtrFeaturizer loadedEst = CtrFeaturizer.load(dir.resolve("est").toString());
    assertEquals(est.uid(), loadedEst.uid());
    for (Param<?> p : est.params()) {
      final Object a = est.getOrDefault(p);
      final Object b = loadedEst.getOrDefault(loadedEst.getParam(p.name()));
      assertTrue(a instanceof String[] ? Arrays.equals((String[]) a, (String[]) b) : a.equals(b), p.name());
    }

    for (CtrFeaturizer e : new CtrFeaturizer[] {est, featurizer().setNumBits(9)}) {
      final CtrFeaturizerModel model = e.fit(tiny);
      final String path = dir.resolve("model-" + e.getEncoding()).toString();
      model.write().overwrite().save(path);
      final CtrFeaturizerModel loaded = CtrFeaturizerModel.load(path);
      assertEquals(model.numFeatures(), loaded.numFeatures());
      assertArrayEquals(model.fieldNames(), loaded.fieldNames());
      assertEquals(rows(model.transform(tiny), model.getOutputCol(), model.getFieldsCol()),
          rows(loaded.transform(tiny), loaded.getOutputCol(), loaded.getFieldsCol()));
      if (e.getEncoding().equals("vocab")) {
        assertEquals(model.vocabulary(), loaded.vocabulary());
        assertTrue(Files.exists(dir.resolve("model-vocab").resolve(CtrFeaturizerModel.VOCABULARY_FILE)));
      } else {
        assertThrows(IllegalStateException.class, loaded::vocabulary);
      }
    }
  }

  @Test
  void worksInsideAPipeline(@TempDir Path dir) throws Exception {
    final Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {nonDefault()});
    pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
    final Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
    final PipelineModel model = pipeline.fit(tiny);
    model.write().overwrite().save(dir.resolve("pipelineModel").toString());
    final PipelineModel loaded = PipelineModel.load(dir.resolve("pipelineModel").toString());
    final List<String> expected = rows(model.transform(tiny), "x", "xf");
    assertEquals(expected, rows(loaded.transform(tiny), "x", "xf"));
    assertEquals(expected, rows(loadedPipeline.fit(tiny).transform(tiny), "x", "xf"));
    assertTrue(loaded.stages()[0] instanceof CtrFeaturizerModel);
  }

  @Test
  void criteoSampleHasOneIndexPerFieldInVocabMode() {
    final Path shared = io.sparkctr.testing.SharedDatasets.root();
    Assumptions.assumeTrue(shared != null, "shared/datasets not found above the working directory");
    final Path file = shared.resolve("criteo_kaggle_head10000").resolve("train.txt");
    Assumptions.assumeTrue(Files.isRegularFile(file), "missing " + file);

    StructType schema = new StructType().add("label", DataTypes.StringType);
    final String[] inputs = new String[39];
    final String[] numeric = new String[13];
    for (int i = 1; i <= 13; i++) {
      numeric[i - 1] = inputs[i - 1] = "I" + i;
    }
    for (int i = 1; i <= 26; i++) {
      inputs[12 + i] = "C" + i;
    }
    for (String c : inputs) {
      schema = schema.add(c, DataTypes.StringType);
    }
    final Dataset<Row> criteo = spark.read().option("sep", "\t").schema(schema).csv(file.toString());
    final CtrFeaturizerModel model = new CtrFeaturizer().setInputCols(inputs).setNumericCols(numeric)
        .setEncoding("vocab").setMinCount(10).fit(criteo);
    assertEquals(39, model.numFields());
    final Vocabulary v = model.vocabulary();
    final Dataset<Row> out = model.transform(criteo).cache();
    final List<Row> stats = out
        .select(org.apache.spark.sql.functions.udf(
            (org.apache.spark.sql.api.java.UDF1<SparseVector, Integer>) SparseVector::numNonzeros,
            DataTypes.IntegerType).apply(col("features")).as("nnz"))
        .groupBy("nnz").count().collectAsList();
    assertEquals(1, stats.size(), stats.toString());
    assertEquals(39, stats.get(0).getInt(0));
    assertEquals(10_000L, stats.get(0).getLong(1));
    // every kept token really occurs >= 10 times; per field, kept + OOV counts add up to the row count
    for (int f = 0; f < v.numFields(); f++) {
      long total = 0;
      for (int i = v.offset(f); i < v.offset(f) + v.fieldSize(f); i++) {
        assertTrue(v.isOov(i) || v.count(i) >= 10);
        total += v.count(i);
      }
      assertEquals(10_000L, total, v.fieldName(f));
    }
    assertEquals(v.size(), AttributeGroup.fromStructField(out.schema().apply("features")).size());
    out.unpersist();
  }
}
