package io.sparkctr.metrics;

/** Argument checks shared by the metrics. */
final class Checks {
  private Checks() {}

  static void checkLength(String name, double[] array, int n) {
    if (array == null) {
      throw new IllegalArgumentException(name + " MUST not be null");
    }
    if (array.length < n) {
      throw new IllegalArgumentException(
          "Dimension mismatch: n is " + n + ", but " + name + " has only " + array.length + " entries");
    }
  }

  static void checkN(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n MUST be >= 0, but got " + n);
    }
  }

  static void checkLabel(double label, int i) {
    if (label != 0.0 && label != 1.0) {
      throw new IllegalArgumentException("Labels MUST be in {0, 1}, but got " + label + " at index " + i);
    }
  }

  static void checkWeight(double weight, int i) {
    if (!(weight >= 0.0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "Weights MUST be non-negative and finite, but got " + weight + " at index " + i);
    }
  }
}
