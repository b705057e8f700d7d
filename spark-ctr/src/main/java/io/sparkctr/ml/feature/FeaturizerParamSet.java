package io.sparkctr.ml.feature;

import io.sparkctr.featurize.FieldHashing;
import io.sparkctr.ml.param.ParamChecks;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The params of {@link CtrFeaturizer} and {@link CtrFeaturizerModel}: names, docs (with default and
 * range), validators and defaults are written once here; each stage builds its own instance (Spark
 * params belong to one parent uid) in its constructor, after its uid is set.
 */
public final class FeaturizerParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  static final String HASH = "hash";
  static final String VOCAB = "vocab";
  static final String[] SUPPORTED_ENCODINGS = {HASH, VOCAB};
  static final String ERROR = "error";
  static final String SKIP = "skip";
  static final String KEEP = "keep";
  static final String[] SUPPORTED_HANDLE_INVALID = {ERROR, SKIP, KEEP};

  final StringArrayParam inputCols;
  final StringArrayParam numericCols;
  final StringArrayParam hourCols;
  final Param<String> encoding;
  final IntParam numBits;
  final LongParam minCount;
  final Param<String> countsPath;
  final Param<String> outputCol;
  final Param<String> fieldsCol;
  final Param<String> handleInvalid;

  FeaturizerParamSet(Params owner) {
    inputCols = new StringArrayParam(owner, "inputCols",
        "raw input columns, one field each (string or integral type; null reads as \"\", its own category);"
            + " required, distinct", ParamChecks.distinctNames("inputCols", false));
    numericCols = new StringArrayParam(owner, "numericCols",
        "subset of inputCols holding integers, log-binned as in BARS: v > 2 -> floor(ln(v)^2), else v;"
            + " default: none", ParamChecks.distinctNames("numericCols", true));
    hourCols = new StringArrayParam(owner, "hourCols",
        "subset of inputCols in YYMMDDHH (year 20YY), each expanded to the fields <col>_hour (00..23) and"
            + " <col>_weekday (0 = Monday .. 6 = Sunday); default: none",
        ParamChecks.distinctNames("hourCols", true));
    encoding = new Param<>(owner, "encoding",
        "how tokens become indices: 'hash' (field-salted MurmurHash3 into 2^numBits) or 'vocab' (per-field"
            + " vocabulary with one OOV index per field); default: 'hash'",
        ParamChecks.oneOf("encoding", SUPPORTED_ENCODINGS));
    numBits = new IntParam(owner, "numBits",
        "hash mode: the feature space has 2^numBits indices; in [1, " + FieldHashing.MAX_BITS + "], default 20",
        ParamChecks.inRange("numBits", 1, FieldHashing.MAX_BITS));
    minCount = new LongParam(owner, "minCount",
        "vocab mode: tokens seen fewer than minCount times in their field map to the field's OOV index;"
            + " >= 1, default 1", ParamChecks.gtEq("minCount", 1));
    countsPath = new Param<>(owner, "countsPath",
        "vocab mode: a count table written by FeatureCounts.write to build the vocabulary from, instead of"
            + " counting the training data; default: \"\" (count during fit)", ParamChecks.any("countsPath"));
    outputCol = new Param<>(owner, "outputCol",
        "output column: SparseVector of one-hot features; default 'features'", ParamChecks.nonEmpty("outputCol"));
    fieldsCol = new Param<>(owner, "fieldsCol",
        "output column: array<int>, the field of each index of outputCol (aligned); default 'fields'",
        ParamChecks.nonEmpty("fieldsCol"));
    handleInvalid = new Param<>(owner, "handleInvalid",
        "a numeric token that is not an integer or an hour token that is not YYMMDDHH: 'error' fails naming"
            + " column and value, 'skip' drops the row, 'keep' maps it to the category '<invalid>' of its"
            + " field(s); default 'error'", ParamChecks.oneOf("handleInvalid", SUPPORTED_HANDLE_INVALID));

    owner.setDefault(numericCols, new String[0]);
    owner.setDefault(hourCols, new String[0]);
    owner.setDefault(encoding, HASH);
    owner.setDefault(numBits, 20);
    owner.setDefault(minCount, 1L);
    owner.setDefault(countsPath, "");
    owner.setDefault(outputCol, "features");
    owner.setDefault(fieldsCol, "fields");
    owner.setDefault(handleInvalid, ERROR);
  }

}
