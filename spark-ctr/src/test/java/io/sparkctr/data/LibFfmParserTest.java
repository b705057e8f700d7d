package io.sparkctr.data;

import static io.sparkctr.data.InvalidInputAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LibFfmParserTest {
  private static final String FILE = "demo/small_train.txt";
  private final LibFfmParser parser = new LibFfmParser(FILE);
  private final SparseRecord record = new SparseRecord();

  @ParameterizedTest
  @CsvSource({"1,1.0", "0,0.0", "-1,0.0", "+1,1.0", "1.0,1.0"})
  void labels(String label, double expected) {
    parser.parse(label + " 0:3:1", 1, record);
    assertEquals(expected, record.label);
  }

  @Test
  void keepsZeroBasedFieldsAndIndicesSortedByIndexThenField() {
    parser.parse("1 0:0:0.125 2:801:0.125 9:3050:0.5 8:6001:0.5 4:4242:0.25 7:4242:0.75\r", 1, record);
    assertEquals(6, record.nnz);
    assertArrayEquals(new int[] {0, 801, 3050, 4242, 4242, 6001}, Arrays.copyOf(record.indices, 6));
    assertArrayEquals(new int[] {0, 2, 9, 4, 7, 8}, Arrays.copyOf(record.fields, 6));
    assertArrayEquals(new double[] {0.125, 0.125, 0.5, 0.25, 0.75, 0.5}, Arrays.copyOf(record.values, 6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "\r"})
  void blankLinesAreErrors(String line) {
    assertInvalid(() -> parser.parse(line, 2, record), FILE, 2, 1, "label", "a non-blank line", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "0.3", "click"})
  void labelMustBeBinary(String label) {
    assertInvalid(() -> parser.parse(label + " 0:1:1", 3, record), FILE, 3, 1, "label", "{0, 1} or {-1, +1}",
        label);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:1", "11", "3-4-5"})
  void tokenMustBeATriple(String token) {
    assertInvalid(() -> parser.parse("1 0:1:1 " + token, 4, record), FILE, 4, 3, "field:index:value",
        "field:index:value", token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "x", "", "1.0", "2147483648"})
  void fieldMustBeANonNegativeInteger(String field) {
    assertInvalid(() -> parser.parse("1 0:1:1 " + field + ":2:1", 5, record), FILE, 5, 3, "field", "0-based field",
        field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "x", "", "2.5", "2147483648"})
  void indexMustBeANonNegativeInteger(String index) {
    assertInvalid(() -> parser.parse("1 0:1:1 1:" + index + ":1", 5, record), FILE, 5, 3, "index",
        "0-based feature index", index);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "inf", "-Infinity", "1e400", "", "0.5x", "1:1"})
  void valueMustBeFinite(String value) {
    assertInvalid(() -> parser.parse("1 0:1:1 1:2:" + value, 6, record), FILE, 6, 3, "value", "a finite number",
        value);
  }

  @Test
  void duplicateFieldIndexPairIsAnError() {
    assertInvalid(() -> parser.parse("0 3:7:1 1:2:1 3:7:0.5", 7, record), FILE, 7, 4, "field:index",
        "not already used in this row (first used at column 2)", "3:7:0.5");
  }
}
