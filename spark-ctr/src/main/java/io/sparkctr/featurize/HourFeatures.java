package io.sparkctr.featurize;

/**
 * Avazu's {@code hour} column, {@code YYMMDDHH} (year 20YY), split into two categorical features:
 * hour of day "00".."23" and weekday "0".."6" with <b>Monday = "0"</b> ... Sunday = "6" (ISO-8601
 * day-of-week minus one). The weekday is computed arithmetically from the proleptic Gregorian
 * date, with no allocation; a token is valid only if it has exactly 8 digits and names a real date
 * and an hour in [0, 23].
 */
public final class HourFeatures {
  private HourFeatures() {}

  private static final String[] HOURS = new String[24];
  private static final String[] WEEKDAYS = {"0", "1", "2", "3", "4", "5", "6"};

  static {
    for (int h = 0; h < 24; h++) {
      HOURS[h] = (h < 10 ? "0" : "") + h;
    }
  }

  /** Hour of day "00".."23" of a valid token; throws IllegalArgumentException otherwise. */
  public static String hourOfDay(final String yymmddhh) {
    return HOURS[hourIndex(check(yymmddhh))];
  }

  /** Weekday "0" (Monday) .. "6" (Sunday) of a valid token; throws IllegalArgumentException otherwise. */
  public static String weekday(final String yymmddhh) {
    return WEEKDAYS[weekdayIndex(check(yymmddhh))];
  }

  /** Hour of day in [0, 23], or -1 if the token is not a valid YYMMDDHH. */
  public static int hourIndex(final String yymmddhh) {
    return isValid(yymmddhh) ? digits(yymmddhh, 6) : -1;
  }

  /** Weekday in [0, 6] (Monday = 0), or -1 if the token is not a valid YYMMDDHH. */
  public static int weekdayIndex(final String yymmddhh) {
    if (!isValid(yymmddhh)) {
      return -1;
    }
    final long days = daysFromCivil(2000 + digits(yymmddhh, 0), digits(yymmddhh, 2), digits(yymmddhh, 4));
    return (int) Math.floorMod(days + 3, 7L); // 1970-01-01 was a Thursday (index 3)
  }

  /** The string for an hour index in [0, 23]. */
  public static String hourString(final int hour) {
    return HOURS[hour];
  }

  /** The string for a weekday index in [0, 6]. */
  public static String weekdayString(final int weekday) {
    return WEEKDAYS[weekday];
  }

  /** True when the token is 8 digits naming a real date in 20YY and an hour in [0, 23]. */
  public static boolean isValid(final String s) {
    if (s == null || s.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    final int year = 2000 + digits(s, 0);
    final int month = digits(s, 2);
    final int day = digits(s, 4);
    final int hour = digits(s, 6);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23;
  }

  private static String check(final String s) {
    if (!isValid(s)) {
      throw new IllegalArgumentException(
          "Hour token MUST be YYMMDDHH (a real date in 20YY and an hour in 00..23), but got '" + s + "'");
    }
    return s;
  }

  private static int digits(final String s, final int at) {
    return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
  }

  private static int daysInMonth(final int year, final int month) {
    if (month == 2) {
      final boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
   * Date Algorithms", days_from_civil).
   */
  private static long daysFromCivil(int y, final int m, final int d) {
    y -= m <= 2 ? 1 : 0;
    final long era = Math.floorDiv(y, 400);
    final long yoe = y - era * 400; // [0, 399]
    final long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; // [0, 365]
    final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    return era * 146097 + doe - 719468;
  }
}
