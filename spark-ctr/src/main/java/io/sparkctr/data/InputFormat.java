package io.sparkctr.data;

import java.util.Locale;

/**
 * The text formats spark-ctr reads.
 *
 * <ul>
 *   <li>{@link #CRITEO}: the Criteo Display Advertising Challenge (Kaggle) {@code train.txt}: tab-separated
 *       {@code label, I1..I13, C1..C26}, no header. Parsed by {@link CriteoParser}.
 *   <li>{@link #AVAZU}: the Avazu CTR (Kaggle) {@code train.csv}: comma-separated with a header line
 *       ({@code id,click,hour,...}). Parsed by {@link AvazuParser}.
 *   <li>{@link #LIBSVM}: {@code label idx:val ...} with 1-based indices (Chang and Lin, LIBSVM). Parsed by
 *       {@link LibSvmParser}.
 *   <li>{@link #LIBFFM}: {@code label field:idx:val ...} with 0-based fields and indices, as in LIBFFM (Juan et
 *       al., "Field-aware Factorization Machines for CTR Prediction", RecSys 2016) and xLearn's demo data.
 *       Parsed by {@link LibFfmParser}.
 * </ul>
 */
public enum InputFormat {
  CRITEO,
  AVAZU,
  LIBSVM,
  LIBFFM;

  /**
   * Looks a format up by its CLI name.
   *
   * @param name {@code "criteo"}, {@code "avazu"}, {@code "libsvm"} or {@code "libffm"}, in any case
   * @return the format
   * @throws IllegalArgumentException if {@code name} is null or not one of the allowed names (the message lists
   *     them)
   */
  public static InputFormat parse(String name) {
    if (name != null) {
      final String lower = name.trim().toLowerCase(Locale.ROOT);
      for (InputFormat f : values()) {
        if (f.cliName().equals(lower)) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException(
        "Input format MUST be one of " + allowedNames() + ", but got " + (name == null ? "null" : "'" + name + "'"));
  }

  /** @return the allowed CLI names, e.g. {@code [criteo, avazu, libsvm, libffm]} */
  public static String allowedNames() {
    final StringBuilder sb = new StringBuilder("[");
    for (InputFormat f : values()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(f.cliName());
    }
    return sb.append(']').toString();
  }

  /** @return the lower-case name used on the command line */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return true if the first line of every file is a header (only {@link #AVAZU}) */
  public boolean hasHeader() {
    return this == AVAZU;
  }

  /**
   * @return true if rows hold raw categorical tokens that a featurizer must index ({@link #CRITEO},
   *     {@link #AVAZU}); false if rows are already indexed ({@link #LIBSVM}, {@link #LIBFFM})
   */
  public boolean isRaw() {
    return this == CRITEO || this == AVAZU;
  }
}
