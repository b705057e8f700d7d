package io.sparkctr.ml.param;

import java.io.Serializable;
import java.util.Arrays;
import scala.Function1;
import scala.runtime.AbstractFunction1;

/**
 * Param validators that fail at {@code set} time with the param's name, the value and the allowed
 * range. Spark's own validators only return false, which yields a message without the range; ours
 * throw {@link IllegalArgumentException} with the whole story instead.
 */
public final class ParamChecks {
  private ParamChecks() {}

  /** A serializable validator; Spark keeps it inside the Param, which travels with the stage. */
  private static final class Check extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String range;
    private final Predicate test;

    Check(String name, String range, Predicate test) {
      this.name = name;
      this.range = range;
      this.test = test;
    }

    @Override
    public Object apply(Object value) {
      if (!test.ok(value)) {
        throw new IllegalArgumentException(
            "Param " + name + " MUST be " + range + ", but got " + show(value));
      }
      return Boolean.TRUE;
    }
  }

  /** Serializable predicate over a boxed param value. */
  public interface Predicate extends Serializable {
    boolean ok(Object value);
  }

  @SuppressWarnings("unchecked")
  private static <T> Function1<T, Object> cast(Check check) {
    return (Function1<T, Object>) (Function1<?, ?>) check;
  }

  private static String show(Object value) {
    if (value instanceof String[]) {
      return Arrays.toString((String[]) value);
    }
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static double asDouble(Object v) {
    return ((Number) v).doubleValue();
  }

  /** Finite and strictly greater than {@code bound}. */
  public static <T> Function1<T, Object> gt(String name, double bound) {
    return cast(new Check(name, "finite and > " + bound, v -> Double.isFinite(asDouble(v)) && asDouble(v) > bound));
  }

  /** Finite and at least {@code bound}. */
  public static <T> Function1<T, Object> gtEq(String name, double bound) {
    return cast(new Check(name, "finite and >= " + bound, v -> Double.isFinite(asDouble(v)) && asDouble(v) >= bound));
  }

  /** At least {@code bound}, finite or positive infinity. */
  public static <T> Function1<T, Object> gtEqAllowInfinity(String name, double bound) {
    return cast(new Check(name, ">= " + bound + " (Infinity allowed)",
        v -> !Double.isNaN(asDouble(v)) && asDouble(v) >= bound));
  }

  /** In the closed interval [lo, hi]. */
  public static <T> Function1<T, Object> inRange(String name, double lo, double hi) {
    return cast(new Check(name, "in [" + lo + ", " + hi + "]", v -> asDouble(v) >= lo && asDouble(v) <= hi));
  }

  /** In the half-open interval [lo, hi). */
  public static <T> Function1<T, Object> inRangeBelow(String name, double lo, double hi) {
    return cast(new Check(name, "in [" + lo + ", " + hi + ")", v -> asDouble(v) >= lo && asDouble(v) < hi));
  }

  /** Every element at least {@code bound}. */
  public static <T> Function1<T, Object> allGtEq(String name, int bound) {
    return cast(new Check(name, "all >= " + bound, v -> Arrays.stream((int[]) v).allMatch(x -> x >= bound)));
  }

  /** One of {@code allowed} (case-sensitive, as Spark's inArray). */
  public static <T> Function1<T, Object> oneOf(String name, String... allowed) {
    final String[] copy = allowed.clone();
    return cast(new Check(name, "one of " + Arrays.toString(copy), v -> Arrays.asList(copy).contains(v)));
  }

  /** A non-empty string. */
  public static <T> Function1<T, Object> nonEmpty(String name) {
    return cast(new Check(name, "a non-empty string", v -> v != null && !((String) v).isEmpty()));
  }

  /** Any value (for params with no constraint beyond their type). */
  public static <T> Function1<T, Object> any(String name) {
    return cast(new Check(name, "any value", v -> true));
  }

  /** An array of distinct non-empty strings (column names); at least one unless {@code allowEmpty}. */
  public static <T> Function1<T, Object> distinctNames(String name, boolean allowEmpty) {
    return cast(new Check(name, (allowEmpty ? "an" : "a non-empty") + " array of distinct non-empty names",
        v -> {
          final String[] a = (String[]) v;
          if (a == null || (!allowEmpty && a.length == 0)) {
            return false;
          }
          final java.util.Set<String> seen = new java.util.HashSet<>();
          for (String s : a) {
            if (s == null || s.isEmpty() || !seen.add(s)) {
              return false;
            }
          }
          return true;
        }));
  }
}
