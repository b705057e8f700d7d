package io.sparkctr.ml.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class FeatureCountsTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = io.sparkctr.testing.SparkTestSession.get();
  }

  @AfterAll
  static void stop() {
  }

  static Dataset<Row> tiny(SparkSession spark) {
    final StructType schema = new StructType()
        .add("id", DataTypes.IntegerType)
        .add("label", DataTypes.DoubleType)
        .add("c", DataTypes.StringType)
        .add("n", DataTypes.StringType)
        .add("hr", DataTypes.StringType);
    final List<Row> rows = Arrays.asList(
        RowFactory.create(0, 1.0, "a", "1000", "14102100"),
        RowFactory.create(1, 0.0, "a", "3", "14102213"),
        RowFactory.create(2, 0.0, "b", null, "14102100"),
        RowFactory.create(3, 1.0, null, "-1", "14102100"));
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  private static Map<String, String> asMap(Dataset<Row> counts) {
    final Map<String, String> m = new TreeMap<>();
    for (Row r : counts.collectAsList()) {
      m.put(r.getString(0) + "/" + r.getInt(1) + "/" + r.getString(2), r.getLong(3) + " max " + r.getLong(4));
    }
    return m;
  }

  @Test
  void countsEveryFieldFeatureWithFieldMax() {
    final Dataset<Row> counts = FeatureCounts.compute(tiny(spark),
        new String[] {"c", "n", "hr"}, new String[] {"n"}, new String[] {"hr"});
    assertEquals(FeatureCounts.SCHEMA.fieldNames().length, counts.schema().size());
    assertEquals(Arrays.asList(FeatureCounts.SCHEMA.fieldNames()), Arrays.asList(counts.schema().fieldNames()));
    final Map<String, String> expected = new TreeMap<>();
    expected.put("c/0/a", "2 max 2");
    expected.put("c/0/b", "1 max 2");
    expected.put("c/0/", "1 max 2"); // null reads as ""
    expected.put("n/1/47", "1 max 1"); // floor(ln(1000)^2) = 47
    expected.put("n/1/1", "1 max 1"); // floor(ln(3)^2) = 1
    expected.put("n/1/", "1 max 1");
    expected.put("n/1/-1", "1 max 1");
    expected.put("hr_hour/2/00", "3 max 3");
    expected.put("hr_hour/2/13", "1 max 3");
    expected.put("hr_weekday/3/1", "3 max 3"); // 2014-10-21 was a Tuesday
    expected.put("hr_weekday/3/2", "1 max 3");
    assertEquals(expected, asMap(counts));
  }

  @Test
  void writeThenReadRoundTrips(@TempDir Path dir) {
    final Dataset<Row> counts = FeatureCounts.compute(tiny(spark),
        new String[] {"c", "n"}, new String[] {"n"}, new String[0]);
    final String path = dir.resolve("counts").toString();
    FeatureCounts.write(counts, path);
    FeatureCounts.write(counts, path); // overwrite mode
    assertEquals(asMap(counts), asMap(FeatureCounts.read(spark, path)));
  }

  @Test
  void readRejectsATableWithTheWrongSchema(@TempDir Path dir) {
    final String path = dir.resolve("notcounts").toString();
    tiny(spark).write().parquet(path);
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureCounts.read(spark, path));
    assertTrue(e.getMessage().contains("MUST have the columns") && e.getMessage().contains("field is missing"),
        e.getMessage());
  }

  @Test
  void invalidNumericTokenFailsNamingColumnAndValue() {
    final Dataset<Row> bad = tiny(spark).selectExpr("c", "CASE WHEN id = 1 THEN 'x1' ELSE n END AS n");
    final Exception e = assertThrows(Exception.class, () -> FeatureCounts.compute(bad,
        new String[] {"c", "n"}, new String[] {"n"}, new String[0]).collectAsList());
    final String messages = LocalSpark.messages(e);
    assertTrue(messages.contains("Column n MUST hold an integer or empty, but got 'x1'"), messages);
  }
}
