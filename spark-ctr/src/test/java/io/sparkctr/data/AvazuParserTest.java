package io.sparkctr.data;

import static io.sparkctr.data.InvalidInputAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvazuParserTest {
  private static final String FILE = "avazu/train.csv";
  private static final String HEADER =
      "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,device_id,"
          + "device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21";
  /** A made-up line (not from the Avazu data). */
  private static final String[] FIELDS = {"123", "1", "14102915", "1001", "0", "aa11bb22", "cc33dd44", "ee55ff66",
      "11112222", "33334444", "55556666", "77778888", "9999aaaa", "bbbbcccc", "1", "0", "20001", "300", "60", "2002",
      "3", "41", "-1", "88"};

  private final AvazuParser parser = new AvazuParser(FILE, HEADER);
  private final RawRecord record = new RawRecord(parser.columnNames().length);

  private static String withField(int column, String token) {
    final String[] f = FIELDS.clone();
    f[column - 1] = token;
    return String.join(",", f);
  }

  @Test
  void columnNamesDropIdAndClick() {
    final String[] names = parser.columnNames();
    assertEquals(22, names.length);
    assertEquals("hour", names[0]);
    assertEquals("C1", names[1]);
    assertEquals("banner_pos", names[2]);
    assertEquals("site_id", names[3]);
    assertEquals("C21", names[21]);
  }

  @Test
  void parsesAGoodLine() {
    parser.parse(String.join(",", FIELDS), 2, record);
    assertEquals(1.0, record.label);
    for (int j = 0; j < 22; j++) {
      assertEquals(FIELDS[j + 2], record.tokens[j]);
    }
    parser.parse(withField(2, "0").replace(",aa11bb22,", ",,") + "\r", 3, record);
    assertEquals(0.0, record.label);
    assertEquals("", record.tokens[3]);
    assertEquals("88", record.tokens[21]);
  }

  @Test
  void headerWithoutIdAndWithCrlfAndOtherOrder() {
    final AvazuParser p = new AvazuParser(FILE, "hour,site_id,click\r");
    assertArrayEquals(new String[] {"hour", "site_id"}, p.columnNames());
    final RawRecord r = new RawRecord(2);
    p.parse("14103023,abc,1\r", 2, r);
    assertEquals(1.0, r.label);
    assertArrayEquals(new String[] {"14103023", "abc"}, r.tokens);
  }

  @Test
  void headerMustHaveClickAndHour() {
    assertInvalid(() -> new AvazuParser(FILE, "id,hour,C1"), FILE, 1, 0, "header", "'click'", "id,hour,C1");
    assertInvalid(() -> new AvazuParser(FILE, "id,click,C1"), FILE, 1, 0, "header", "'hour'", "id,click,C1");
    assertInvalid(() -> new AvazuParser(FILE, "click,hour,C1,C1"), FILE, 1, 4, "C1", "duplicate", "C1");
    assertInvalid(() -> new AvazuParser(FILE, "click,,hour"), FILE, 1, 2, "header", "non-empty", "");
  }

  @Test
  void wrongFieldCount() {
    final String[] shortLine = java.util.Arrays.copyOf(FIELDS, 23);
    assertInvalid(() -> parser.parse(String.join(",", shortLine), 4, record), FILE, 4, 24, "C21 (missing)",
        "24 comma-separated fields", "23 fields");
    assertInvalid(() -> parser.parse(String.join(",", FIELDS) + ",x", 4, record), FILE, 4, 25, "extra field",
        "24 comma-separated fields", "25 fields");
    assertInvalid(() -> parser.parse("", 4, record), FILE, 4, 2, "click (missing)", "24 comma-separated fields",
        "1 field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "-1", "", "true", "0.5"})
  void clickMustBeZeroOrOne(String token) {
    assertInvalid(() -> parser.parse(withField(2, token), 6, record), FILE, 6, 2, "click", "a click label 0 or 1",
        token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1410210", "141021000", "14132100", "14002100", "14103200", "14113100", "14022900",
      "14102124", "1410210a", "", "-4102100", "2014102100"})
  void hourMustBeAValidYymmddhh(String token) {
    final InvalidInputException e = assertInvalid(() -> parser.parse(withField(3, token), 8, record), FILE, 8, 3,
        "hour", "YYMMDDHH", token);
    assertTrue(e.getMessage().contains("valid day"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"14102100", "14123123", "16022923", "14022800", "00010100"})
  void validHours(String token) {
    parser.parse(withField(3, token), 8, record);
    assertEquals(token, record.tokens[0]);
  }
}
