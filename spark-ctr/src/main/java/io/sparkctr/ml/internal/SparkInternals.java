package io.sparkctr.ml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.SparkSession;

/**
 * The only class that touches Spark's {@code private[ml]} persistence helpers (public in bytecode),
 * so a Spark upgrade that changes them is absorbed here and nowhere else.
 */
public final class SparkInternals {
  private SparkInternals() {}

  /** Writes {@code path/metadata} exactly as Spark's own stages do (class name, uid, params). */
  public static void saveMetadata(Params instance, String path, SparkSession spark) {
    DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, spark);
  }

  /**
   * Reads {@code path/metadata}, checks that it was written by {@code type}, constructs the stage
   * through its {@code (String uid)} constructor and sets every saved param and default.
   */
  public static <T extends Params> T loadParams(String path, SparkSession spark, Class<T> type) {
    DefaultParamsReader.Metadata metadata =
        DefaultParamsReader$.MODULE$.loadMetadata(path, spark, type.getName());
    final T instance;
    try {
      instance = type.getConstructor(String.class).newInstance(metadata.uid());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException(type.getName() + " MUST have a public (String uid) constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Constructing " + type.getName() + " failed", e.getCause());
    }
    metadata.getAndSetParams(instance, scala.Option.empty());
    return instance;
  }

  /** Opens {@code path} for writing on the file system the path names (local, HDFS, S3, ...). */
  public static OutputStream create(String path, SparkSession spark) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FSDataOutputStream out = fs.create(p, false);
    return out;
  }

  /** Opens {@code path} for reading on the file system the path names. */
  public static InputStream open(String path, SparkSession spark) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FSDataInputStream in = fs.open(p);
    return in;
  }
}
