package io.sparkctr.data;

import static io.sparkctr.data.InvalidInputAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CriteoParserTest {
  private static final String FILE = "criteo/train.txt";
  private final CriteoParser parser = new CriteoParser(FILE);
  private final RawRecord record = new RawRecord(39);

  /** A made-up line (not from the Criteo data): label, I1..I13, C1..C26. */
  private static String[] fields() {
    final String[] f = new String[40];
    f[0] = "1";
    for (int i = 1; i <= 13; i++) {
      f[i] = Integer.toString(i * 3);
    }
    for (int c = 1; c <= 26; c++) {
      f[13 + c] = String.format("%08x", 0x1000 * c + 0xabc);
    }
    return f;
  }

  private static String join(String[] f) {
    return String.join("\t", f);
  }

  private static String withField(int column, String token) {
    final String[] f = fields();
    f[column - 1] = token;
    return join(f);
  }

  @Test
  void columnNames() {
    assertEquals(39, CriteoParser.COLUMN_NAMES.length);
    assertEquals("I1", CriteoParser.COLUMN_NAMES[0]);
    assertEquals("I13", CriteoParser.COLUMN_NAMES[12]);
    assertEquals("C1", CriteoParser.COLUMN_NAMES[13]);
    assertEquals("C26", CriteoParser.COLUMN_NAMES[38]);
    assertArrayEquals(CriteoParser.COLUMN_NAMES, parser.columnNames());
    assertEquals(13, CriteoParser.NUM_INTEGER_COLUMNS);
  }

  @Test
  void parsesAGoodLine() {
    final String[] f = fields();
    f[3] = "-2"; // I2 may be negative, as in the real data
    f[5] = ""; // I4 empty
    f[40 - 1] = ""; // C26 empty
    parser.parse(join(f), 1, record);
    assertEquals(1.0, record.label);
    for (int j = 0; j < 39; j++) {
      assertEquals(f[j + 1], record.tokens[j], CriteoParser.COLUMN_NAMES[j]);
    }
    // the record is reused: a second line overwrites every token
    parser.parse(withField(1, "0"), 2, record);
    assertEquals(0.0, record.label);
    assertEquals("6", record.tokens[1]);
    assertEquals(fields()[39], record.tokens[38]);
  }

  @Test
  void ignoresCarriageReturn() {
    parser.parse(join(fields()) + "\r", 1, record);
    assertEquals(fields()[39], record.tokens[38]);
    final String[] f = fields();
    f[39] = "";
    parser.parse(join(f) + "\r", 1, record);
    assertEquals("", record.tokens[38]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "0.0"})
  void acceptsNumericLabels(String label) {
    parser.parse(withField(1, label), 1, record);
    assertEquals(Double.parseDouble(label), record.label);
  }

  @ParameterizedTest
  @CsvSource({"39,40,C26 (missing)", "1,2,I1 (missing)", "41,41,extra field", "45,41,extra field"})
  void wrongFieldCount(int count, int column, String columnName) {
    final StringBuilder sb = new StringBuilder("0");
    for (int i = 1; i < count; i++) {
      sb.append("\t1");
    }
    assertInvalid(() -> parser.parse(sb.toString(), 9, record), FILE, 9, column, columnName,
        "40 tab-separated fields", count + (count == 1 ? " field" : " fields"));
  }

  @Test
  void blankLineIsOneField() {
    assertInvalid(() -> parser.parse("", 3, record), FILE, 3, 2, "I1 (missing)", "40 tab-separated fields",
        "1 field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "-1", "", "yes", "0.5", "nan"})
  void labelMustBeZeroOrOne(String label) {
    assertInvalid(() -> parser.parse(withField(1, label), 5, record), FILE, 5, 1, "label", "a label 0 or 1", label);
  }

  @ParameterizedTest
  @CsvSource({"2,I1,1.5", "3,I2,abc", "14,I13,1e3", "8,I7,99999999999999999999", "2,I1,' 1'", "4,I3,-"})
  void integerColumnsMustBeIntegers(int column, String name, String token) {
    assertInvalid(() -> parser.parse(withField(column, token), 7, record), FILE, 7, column, name, "an integer",
        token);
  }

  @Test
  void categoricalColumnsAcceptAnything() {
    parser.parse(withField(15, "not-hex at all"), 1, record);
    assertEquals("not-hex at all", record.tokens[13]);
  }
}
