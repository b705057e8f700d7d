package io.sparkctr.data;

/**
 * Parses LibFFM lines {@code label field:index:value ...} (Juan, Zhuang, Chin and Lin, "Field-aware Factorization
 * Machines for CTR Prediction", RecSys 2016; the format of LIBFFM and xLearn), with 0-based fields and indices as in
 * xLearn's Criteo demo data.
 *
 * <p>Tokens are separated by runs of spaces or tabs; labels are {0, 1} or {-1, +1} in any numeric spelling, -1
 * mapping to 0; values must be finite. Entries are sorted by index, then field (fields and values kept aligned).
 * One index may occur under two different fields (a few of xLearn's Criteo demo rows do this, e.g. {@code 5:42:1}
 * next to {@code 13:42:1}), so only a repeated (field, index) pair is an error. Blank lines are errors. Columns in
 * errors are 1-based token positions (the label is token 1). A trailing '\r' is ignored.
 */
public final class LibFfmParser implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * @param file the name of the file being parsed, used in error messages
   */
  public LibFfmParser(String file) {
    this.file = file;
  }

  /** @return the file name used in error messages */
  public String file() {
    return file;
  }

  /**
   * Parses one line into {@code out}.
   *
   * @param line the line without its '\n'
   * @param lineNumber 1-based line number, for errors
   * @param out reused record; on success {@code label}, {@code nnz} and the first {@code nnz} indices, values and
   *     fields are set, sorted by (index, field)
   * @throws InvalidInputException on a blank line, a bad label, a token that is not {@code field:index:value}, a
   *     negative or non-integer field or index, a non-finite value or a repeated (field, index) pair
   */
  public void parse(String line, long lineNumber, SparseRecord out) {
    IndexedLines.parse(file, line, lineNumber, out, true);
  }
}
