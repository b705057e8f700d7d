package io.sparkctr.ml.feature;


/** Test helper: the message chain of an exception. */
final class LocalSpark {
  private LocalSpark() {}

  /** The message chain of an exception, so assertions see through Spark's wrapping. */
  static String messages(Throwable t) {
    final StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
