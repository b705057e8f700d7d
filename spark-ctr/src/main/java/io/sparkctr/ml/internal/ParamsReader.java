package io.sparkctr.ml.internal;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;

/** Reader for stages whose whole state is their params (estimators, param-only transformers). */
public final class ParamsReader<T extends Params> extends MLReader<T> {
  private final Class<T> type;

  public ParamsReader(Class<T> type) {
    this.type = type;
  }

  @Override
  public T load(String path) {
    return SparkInternals.loadParams(path, sparkSession(), type);
  }
}
