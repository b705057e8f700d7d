package io.sparkctr.ml.feature;

import io.sparkctr.featurize.FieldLayout;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/** Params shared by {@link CtrFeaturizer} and {@link CtrFeaturizerModel}; docs in {@link FeaturizerParamSet}. */
public interface CtrFeaturizerParams extends Params {
  /** The stage's own param objects (each stage builds one in its constructor). */
  FeaturizerParamSet featurizerParams();

  default StringArrayParam inputCols() {
    return featurizerParams().inputCols;
  }

  default StringArrayParam numericCols() {
    return featurizerParams().numericCols;
  }

  default StringArrayParam hourCols() {
    return featurizerParams().hourCols;
  }

  default Param<String> encoding() {
    return featurizerParams().encoding;
  }

  default IntParam numBits() {
    return featurizerParams().numBits;
  }

  default LongParam minCount() {
    return featurizerParams().minCount;
  }

  default Param<String> countsPath() {
    return featurizerParams().countsPath;
  }

  default Param<String> outputCol() {
    return featurizerParams().outputCol;
  }

  default Param<String> fieldsCol() {
    return featurizerParams().fieldsCol;
  }

  default Param<String> handleInvalid() {
    return featurizerParams().handleInvalid;
  }

  default String[] getInputCols() {
    return (String[]) getOrDefault(inputCols());
  }

  default String[] getNumericCols() {
    return (String[]) getOrDefault(numericCols());
  }

  default String[] getHourCols() {
    return (String[]) getOrDefault(hourCols());
  }

  default String getEncoding() {
    return getOrDefault(encoding());
  }

  default int getNumBits() {
    return (Integer) getOrDefault(numBits());
  }

  default long getMinCount() {
    return (Long) getOrDefault(minCount());
  }

  default String getCountsPath() {
    return getOrDefault(countsPath());
  }

  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  default String getFieldsCol() {
    return getOrDefault(fieldsCol());
  }

  default String getHandleInvalid() {
    return getOrDefault(handleInvalid());
  }

  /** The fields these params describe; fails with a clear message if inputCols is not set. */
  default FieldLayout buildFieldLayout() {
    if (!isDefined(inputCols())) {
      throw new IllegalArgumentException("Param inputCols MUST be set (the raw columns to featurize)");
    }
    return new FieldLayout(getInputCols(), getNumericCols(), getHourCols());
  }
}
