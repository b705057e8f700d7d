package io.sparkctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class InputFormatTest {
  @ParameterizedTest
  @CsvSource({"criteo,CRITEO", "CRITEO,CRITEO", "Avazu,AVAZU", "libsvm,LIBSVM", "LibFFM,LIBFFM", "' libsvm ',LIBSVM"})
  void parsesNamesCaseInsensitively(String name, InputFormat expected) {
    assertEquals(expected, InputFormat.parse(name));
  }

  @ParameterizedTest
  @EnumSource(InputFormat.class)
  void cliNameRoundTrips(InputFormat format) {
    assertEquals(format.name().toLowerCase(java.util.Locale.ROOT), format.cliName());
    assertEquals(format, InputFormat.parse(format.cliName()));
  }

  @Test
  void unknownNameListsTheAllowedNames() {
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("csv"));
    assertTrue(e.getMessage().contains("criteo, avazu, libsvm, libffm"), e.getMessage());
    assertTrue(e.getMessage().contains("'csv'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InputFormat.parse(null));
  }

  @Test
  void onlyAvazuHasAHeaderAndOnlyCriteoAndAvazuAreRaw() {
    assertTrue(InputFormat.AVAZU.hasHeader());
    assertFalse(InputFormat.CRITEO.hasHeader());
    assertFalse(InputFormat.LIBSVM.hasHeader());
    assertFalse(InputFormat.LIBFFM.hasHeader());
    assertTrue(InputFormat.CRITEO.isRaw());
    assertTrue(InputFormat.AVAZU.isRaw());
    assertFalse(InputFormat.LIBSVM.isRaw());
    assertFalse(InputFormat.LIBFFM.isRaw());
  }
}
