package io.sparkctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {
  @Test
  void messageNamesEverything() {
    final InvalidInputException e =
        new InvalidInputException("train.txt", 17, 3, "I2", "an integer or an empty field", "x7");
    assertEquals("train.txt, line 17, column 3 (I2): expected an integer or an empty field, but got 'x7'",
        e.getMessage());
    assertEquals("train.txt", e.file());
    assertEquals(17, e.line());
    assertEquals(3, e.column());
    assertEquals("I2", e.columnName());
    assertEquals("an integer or an empty field", e.expected());
    assertEquals("x7", e.token());
    assertTrue(e instanceof IllegalArgumentException);
  }

  @Test
  void longTokensAreShortenedInTheMessageOnly() {
    final String token = "a".repeat(61);
    final InvalidInputException e = new InvalidInputException("f", 1, 1, "label", "a label", token);
    assertTrue(e.getMessage().endsWith("'" + "a".repeat(60) + "...'"), e.getMessage());
    assertEquals(token, e.token());
    final String sixty = "b".repeat(60);
    assertTrue(new InvalidInputException("f", 1, 1, "label", "x", sixty).getMessage().endsWith("'" + sixty + "'"));
  }

  @Test
  void emptyFile() {
    final InvalidInputException e = InvalidInputException.emptyFile("data/train.csv");
    assertEquals("data/train.csv: empty file, expected at least one data line", e.getMessage());
    assertEquals(0, e.line());
    assertEquals(0, e.column());
    assertEquals("at least one data line", e.expected());
    assertEquals("", e.token());
    assertEquals("data/train.csv", e.file());
  }
}
