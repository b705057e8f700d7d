package io.sparkctr.data;

import static io.sparkctr.data.InvalidInputAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LibSvmParserTest {
  private static final String FILE = "data/a9a.libsvm";
  private final LibSvmParser parser = new LibSvmParser(FILE);
  private final SparseRecord record = new SparseRecord();

  private int[] indices() {
    return Arrays.copyOf(record.indices, record.nnz);
  }

  private double[] values() {
    return Arrays.copyOf(record.values, record.nnz);
  }

  @ParameterizedTest
  @CsvSource({"1,1.0", "0,0.0", "-1,0.0", "+1,1.0", "1.0,1.0", "-1.0,0.0", "0.0,0.0", "-0,0.0"})
  void labels(String label, double expected) {
    parser.parse(label + " 3:1", 1, record);
    assertEquals(expected, record.label);
  }

  @Test
  void convertsToZeroBasedIndices() {
    parser.parse("1 1:0.5 3:-2 10:1e-3", 1, record);
    assertEquals(3, record.nnz);
    assertArrayEquals(new int[] {0, 2, 9}, indices());
    assertArrayEquals(new double[] {0.5, -2, 1e-3}, values());
  }

  @Test
  void labelOnlyLineHasNoEntriesAndWhitespaceRunsAndCrlfAreFine() {
    parser.parse("1 2:1", 1, record);
    parser.parse("-1\r", 2, record);
    assertEquals(0, record.nnz);
    assertEquals(0.0, record.label);
    parser.parse("  +1 \t 4:2  7:3\t\r", 3, record);
    assertArrayEquals(new int[] {3, 6}, indices());
    assertArrayEquals(new double[] {2, 3}, values());
  }

  @Test
  void sortsOutOfOrderIndicesKeepingValuesAligned() {
    parser.parse("0 9:9 2:2 5:5 1:1", 1, record);
    assertArrayEquals(new int[] {0, 1, 4, 8}, indices());
    assertArrayEquals(new double[] {1, 2, 5, 9}, values());
  }

  @Test
  void growsArraysForLongLinesAndMatchesAReferenceParse() {
    final SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 50; trial++) {
      final int n = rng.nextInt(0, 300);
      final int[] idx = rng.ints(0, 100_000).distinct().limit(n).toArray();
      final StringBuilder sb = new StringBuilder(rng.nextBoolean() ? "1" : "-1");
      final double[] byIndex = new double[100_000];
      for (int i : idx) {
        final double v = Math.round(rng.nextDouble(-5, 5) * 1e4) / 1e4;
        byIndex[i] = v;
        sb.append(' ').append(i + 1).append(':').append(v);
      }
      parser.parse(sb.toString(), trial + 1, record);
      final int[] sorted = idx.clone();
      Arrays.sort(sorted);
      assertArrayEquals(sorted, indices());
      for (int p = 0; p < record.nnz; p++) {
        assertEquals(byIndex[record.indices[p]], record.values[p]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "\r"})
  void blankLinesAreErrors(String line) {
    assertInvalid(() -> parser.parse(line, 4, record), FILE, 4, 1, "label", "a non-blank line", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "0.5", "yes", "nan", "1:1"})
  void labelMustBeBinary(String label) {
    assertInvalid(() -> parser.parse(label + " 1:1", 5, record), FILE, 5, 1, "label", "{0, 1} or {-1, +1}", label);
  }

  @ParameterizedTest
  @CsvSource({"'1 1:1 7', 3, 7", "'1 2:1 3=4', 3, 3=4", "'1 :', 2, :"})
  void tokenWithoutColon(String line, int column, String token) {
    if (":".equals(token)) {
      // ':' has a colon: the empty index is the error
      assertInvalid(() -> parser.parse(line, 6, record), FILE, 6, column, "index", "1-based", "");
    } else {
      assertInvalid(() -> parser.parse(line, 6, record), FILE, 6, column, "index:value", "index:value", token);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "x", "1.5", "", "2147483649", "99999999999999999999"})
  void indexMustBeAnIntegerAtLeastOne(String index) {
    assertInvalid(() -> parser.parse("1 1:1 " + index + ":1", 7, record), FILE, 7, 3, "index",
        "indices are 1-based", index);
  }

  @Test
  void largestIndexIsAccepted() {
    parser.parse("1 2147483648:1", 1, record);
    assertEquals(Integer.MAX_VALUE, record.indices[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "Inf", "inf", "Infinity", "-Infinity", "1e999", "", "abc", "1:2"})
  void valueMustBeFinite(String value) {
    assertInvalid(() -> parser.parse("0 1:1 2:2 3:" + value, 8, record), FILE, 8, 4, "value", "a finite number",
        value);
  }

  @ParameterizedTest
  @CsvSource({"'1 3:1 5:1 3:2', 4, 3:2, 2", "'1 5:1 3:1 4:1 3:1', 5, 3:1, 3", "'0 1:1 1:1', 3, 1:1, 2"})
  void duplicateIndexNamesTheSecondOccurrence(String line, int column, String token, int first) {
    final InvalidInputException e =
        assertInvalid(() -> parser.parse(line, 9, record), FILE, 9, column, "index", "not already used", token);
    assertEquals(true, e.expected().contains("first used at column " + first), e.getMessage());
  }
}
