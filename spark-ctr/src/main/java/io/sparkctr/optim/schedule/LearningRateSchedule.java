package io.sparkctr.optim.schedule;

/**
 * Learning-rate schedules over the global step {@code s = 1, 2, ...} (algorithms.md sections 1-4).
 *
 * <p>{@code constant}: eta_s = eta0. {@code invSqrt}: eta_s = eta0 / sqrt(s), the schedule of the
 * online-convex-optimisation analyses (Zinkevich 2003) used by the TG and FOBOS papers.
 */
public enum LearningRateSchedule {
  CONSTANT("constant"),
  INV_SQRT("invSqrt");

  private final String paramName;

  LearningRateSchedule(String paramName) {
    this.paramName = paramName;
  }

  /** The name used in Params and the CLI: {@code constant} or {@code invSqrt}. */
  public String paramName() {
    return paramName;
  }

  /**
   * The learning rate of step {@code s}.
   *
   * @param eta0 the base rate (&gt; 0)
   * @param s the 1-based step number (&gt;= 1)
   */
  public double rate(double eta0, long s) {
    assert s >= 1 : "steps are numbered from 1, got " + s;
    return this == CONSTANT ? eta0 : eta0 / Math.sqrt((double) s);
  }

  /** The schedule with the given {@link #paramName()}. */
  public static LearningRateSchedule fromName(String name) {
    for (LearningRateSchedule s : values()) {
      if (s.paramName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "schedule MUST be one of [constant, invSqrt], but got " + name);
  }
}
