package io.sparkctr.ml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Persistence of a model as Spark's params metadata plus one binary data file written by an engine
 * codec (xgboost4j-spark's "metadata + engine blob"). No format knowledge here: the codecs own it.
 */
public final class DataFileModelIO {
  private DataFileModelIO() {}

  /** Writes a model's data. */
  @FunctionalInterface
  public interface Encoder {
    void write(OutputStream out) throws IOException;
  }

  /** Reads a model's data. */
  @FunctionalInterface
  public interface Decoder<D> {
    D read(InputStream in) throws IOException;
  }

  /** Builds the model from its uid and its data. */
  @FunctionalInterface
  public interface Factory<M, D> {
    M create(String uid, D data);
  }

  /** A writer of {@code instance}'s params metadata and of {@code dataFile} (relative to the save path). */
  public static MLWriter writer(Params instance, String dataFile, Encoder encoder) {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        SparkInternals.saveMetadata(instance, path, sparkSession());
        try (OutputStream out = SparkInternals.create(path + "/" + dataFile, sparkSession())) {
          encoder.write(out);
        } catch (IOException e) {
          throw new IllegalStateException("Cannot write model data to " + path + "/" + dataFile, e);
        }
      }
    };
  }

  /** The matching reader: the params from the metadata, the model from the data file. */
  public static <M extends Params, D> MLReader<M> reader(Class<M> type, String dataFile, Decoder<D> decoder,
      Factory<M, D> factory) {
    return new MLReader<M>() {
      @Override
      public M load(String path) {
        M shell = SparkInternals.loadParams(path, sparkSession(), type);
        D data;
        try (InputStream in = SparkInternals.open(path + "/" + dataFile, sparkSession())) {
          data = decoder.read(in);
        } catch (IOException e) {
          throw new IllegalStateException("Cannot read model data from " + path + "/" + dataFile, e);
        }
        return shell.copyValues(factory.create(shell.uid(), data), ParamMap.empty());
      }
    };
  }
}
