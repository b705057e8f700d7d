package io.sparkctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts the exception type and that the message names file, line, column and expected text. */
final class InvalidInputAssertions {
  private InvalidInputAssertions() {}

  static InvalidInputException assertInvalid(
      Executable parse, String file, long line, int column, String columnName, String expectedPart, String token) {
    final InvalidInputException e = assertThrows(InvalidInputException.class, parse);
    final String m = e.getMessage();
    assertTrue(m.startsWith(file + ", line " + line + ", column " + column + " ("), m);
    assertTrue(e.expected().contains(expectedPart), () -> "expected text '" + e.expected() + "' lacks " + expectedPart);
    assertTrue(m.contains("expected " + e.expected() + ", but got '"), m);
    assertEquals(file, e.file(), m);
    assertEquals(line, e.line(), m);
    assertEquals(column, e.column(), m);
    if (columnName != null) {
      assertEquals(columnName, e.columnName(), m);
      assertTrue(m.contains("(" + columnName + ")"), m);
    }
    if (token != null) {
      assertEquals(token, e.token(), m);
      assertTrue(m.endsWith("'" + InvalidInputException.shorten(token) + "'"), m);
    }
    return e;
  }
}
