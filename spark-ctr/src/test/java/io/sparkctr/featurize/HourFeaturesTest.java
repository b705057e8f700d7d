package io.sparkctr.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HourFeaturesTest {

  @Test
  void knownDates() {
    // 2014-10-21 (first day of Avazu's train.csv) was a Tuesday
    assertEquals("00", HourFeatures.hourOfDay("14102100"));
    assertEquals("1", HourFeatures.weekday("14102100"));
    // 2000-01-01 was a Saturday; 2024-02-29 a Thursday; 2099-12-31 a Thursday
    assertEquals("5", HourFeatures.weekday("00010123"));
    assertEquals("23", HourFeatures.hourOfDay("00010123"));
    assertEquals("3", HourFeatures.weekday("24022907"));
    assertEquals("07", HourFeatures.hourOfDay("24022907"));
    assertEquals("3", HourFeatures.weekday("99123112"));
  }

  @Test
  void weekdayAgreesWithJavaTimeForEveryDay() {
    for (LocalDate d = LocalDate.of(2000, 1, 1); d.getYear() < 2100; d = d.plusDays(1)) {
      final String token = String.format("%02d%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth(), 13);
      assertEquals(d.getDayOfWeek().getValue() - 1, HourFeatures.weekdayIndex(token), token);
      assertEquals(13, HourFeatures.hourIndex(token));
    }
  }

  @Test
  void rejectsMalformedTokens() {
    for (String bad : new String[] {"", "1410210", "141021000", "14102124", "14133100", "15022900", "14x02100", "14000100"}) {
      assertFalse(HourFeatures.isValid(bad), bad);
      assertEquals(-1, HourFeatures.weekdayIndex(bad));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HourFeatures.weekday(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"));
    }
    assertTrue(HourFeatures.isValid("16022900")); // 2016 is a leap year
  }
}
