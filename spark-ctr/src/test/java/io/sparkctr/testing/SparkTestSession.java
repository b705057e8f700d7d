package io.sparkctr.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession for the whole test JVM: Spark's start-up costs seconds, and the suite
 * must stay fast on a 2-core CI machine. Tests never stop it; the JVM's exit does.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("spark-ctr-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
