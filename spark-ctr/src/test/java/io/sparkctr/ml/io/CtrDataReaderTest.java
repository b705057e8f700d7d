package io.sparkctr.ml.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.InputFormat;
import io.sparkctr.data.InvalidInputException;
import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("spark")
class CtrDataReaderTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
  }

  /** Digs the parser's exception out of Spark's task-failure wrapping. */
  static InvalidInputException invalidCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidInputException) {
        return (InvalidInputException) c;
      }
    }
    throw new AssertionError("no InvalidInputException in the cause chain of " + t, t);
  }

  @Test
  void readsTheRealCriteoSampleInOrder() {
    Path file = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    CtrDataReader.Result result = CtrDataReader.read(spark, file.toString(), InputFormat.CRITEO, "error", 0);
    assertEquals(10_000, result.rows().count());
    assertEquals(2_182, result.rows().filter(functions.col("label").equalTo(1.0)).count());
    assertEquals(39, result.rawColumns().length);
    assertEquals(0, result.countInvalid());
  }

  @Test
  void readsTheRealAvazuSampleWithoutIdAndClick() {
    Path file = SharedDatasets.require("avazu_head8999/train.csv");
    CtrDataReader.Result result = CtrDataReader.read(spark, file.toString(), InputFormat.AVAZU, "error", 0);
    assertEquals(8_999, result.rows().count());
    // 1,563 positives: counted with awk on the file (the datasets README's 1,808 is off).
    assertEquals(1_563, result.rows().filter(functions.col("label").equalTo(1.0)).count());
    List<String> columns = List.of(result.rawColumns());
    assertTrue(columns.contains("hour") && !columns.contains("id") && !columns.contains("click"), columns.toString());
  }

  @Test
  void readsLibFfmWithFieldsAlignedToIndices() {
    Path file = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    CtrDataReader.Result result = CtrDataReader.read(spark, file.toString(), InputFormat.LIBFFM, "error", 0);
    List<Row> rows = result.rows().collectAsList();
    assertEquals(200, rows.size());
    SparseVector v = (SparseVector) rows.get(0).getAs("features");
    List<Integer> fields = rows.get(0).getList(rows.get(0).fieldIndex("fields"));
    assertEquals(v.indices().length, fields.size());
    assertTrue(result.numFeatures() > 0 && v.size() == result.numFeatures());
  }

  @Test
  void readsLibSvmWithOneBasedIndicesAndPlusMinusOneLabels(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.libsvm");
    Files.writeString(file, "+1 1:0.5 3:2\n-1 2:1\n1 5:1.5\n");
    CtrDataReader.Result result = CtrDataReader.read(spark, file.toString(), InputFormat.LIBSVM, "error", 0);
    List<Row> rows = result.rows().collectAsList();
    assertEquals(List.of(1.0, 0.0, 1.0), rows.stream().map(r -> r.getDouble(0)).toList());
    SparseVector first = (SparseVector) rows.get(0).get(1);
    assertArrayEquals(new int[] {0, 2}, first.indices());
    assertEquals(5, first.size());
    // A test set is read with the training set's size; an index beyond it is an error.
    assertEquals(9, CtrDataReader.read(spark, file.toString(), InputFormat.LIBSVM, "error", 9).numFeatures());
  }

  static Stream<Arguments> badLines() {
    String good = "1\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13" + "\tabc".repeat(26);
    return Stream.of(
        Arguments.of(InputFormat.CRITEO, good + "\n" + good.substring(2).replaceFirst("\t", "") + "\n", 2),
        Arguments.of(InputFormat.CRITEO, good + "\n" + good.replaceFirst("\t2\t", "\tx2\t") + "\n", 2),
        Arguments.of(InputFormat.CRITEO, good + "\n" + "7" + good.substring(1) + "\n", 2),
        Arguments.of(InputFormat.LIBSVM, "1 1:1\n0 0:1\n1 2:1\n", 2),
        Arguments.of(InputFormat.LIBSVM, "1 1:1\n0 -3:1\n", 2),
        Arguments.of(InputFormat.LIBSVM, "1 1:NaN\n0 2:1\n", 1),
        Arguments.of(InputFormat.LIBSVM, "1 1:1\n0 2:Inf\n", 2),
        Arguments.of(InputFormat.LIBSVM, "1 1:1\n2 2:1\n", 2),
        Arguments.of(InputFormat.LIBSVM, "1 1:1\n0 2-1\n", 2),
        Arguments.of(InputFormat.LIBFFM, "1 0:1:1\n0 0:2\n", 2),
        Arguments.of(InputFormat.AVAZU, "id,click,hour,C1\n1,0,14102100,a\n2,1,14139900,b\n", 3));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void aBadLineFailsWithFileAndLineOrIsSkippedAndCounted(InputFormat format, String text, long badLine,
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("input.txt");
    Files.writeString(file, text);
    Exception e = assertThrows(Exception.class,
        () -> CtrDataReader.read(spark, file.toString(), format, "error", 0).rows().count());
    InvalidInputException invalid = invalidCause(e);
    assertEquals(badLine, invalid.line(), invalid.getMessage());
    assertTrue(invalid.getMessage().contains("input.txt") && invalid.getMessage().contains("line " + badLine),
        invalid.getMessage());

    CtrDataReader.Result skipped = CtrDataReader.read(spark, file.toString(), format, "skip", 0);
    long lines = text.lines().count() - (format.hasHeader() ? 1 : 0);
    assertEquals(1, skipped.countInvalid());
    assertEquals(lines - 1, skipped.rows().count(), "every valid line is kept");
    assertTrue(skipped.sampleInvalid(5).get(0).contains("line " + badLine));
  }

  @Test
  void anEmptyFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty.tsv");
    Files.writeString(file, "");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> CtrDataReader.read(spark, file.toString(), InputFormat.CRITEO, "error", 0));
    assertTrue(e.getMessage().contains("empty.tsv") && e.getMessage().contains("empty"), e.getMessage());
    Path headerOnly = dir.resolve("header.csv");
    Files.writeString(headerOnly, "id,click,hour\n");
    assertThrows(InvalidInputException.class,
        () -> CtrDataReader.read(spark, headerOnly.toString(), InputFormat.AVAZU, "skip", 0));
  }

  @Test
  void aDirectoryIsReadFileByFileInNameOrder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.libsvm"), "0 2:1\n");
    Files.writeString(dir.resolve("a.libsvm"), "1 1:1\n1 3:1\n");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    List<Row> rows = CtrDataReader.read(spark, dir.toString(), InputFormat.LIBSVM, "error", 0).rows().collectAsList();
    assertEquals(List.of(1.0, 1.0, 0.0), rows.stream().map(r -> r.getDouble(0)).toList());
  }

  @Test
  void rejectsAnUnknownHandleInvalid() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CtrDataReader.read(spark, "x", InputFormat.LIBSVM, "keep", 0));
    assertTrue(e.getMessage().contains("handleInvalid") && e.getMessage().contains("keep"));
  }
}
