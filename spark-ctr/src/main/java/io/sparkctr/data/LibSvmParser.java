package io.sparkctr.data;

/**
 * Parses LibSVM lines {@code label idx:val idx:val ...} (Chang and Lin, "LIBSVM: A library for support vector
 * machines", ACM TIST 2011, data format in the LIBSVM README).
 *
 * <p>Tokens are separated by runs of spaces or tabs. Indices are 1-based in the file and converted to 0-based;
 * labels are {0, 1} or {-1, +1} in any numeric spelling ({@code "1"}, {@code "+1"}, {@code "1.0"}), -1 mapping to
 * 0. Values must be finite numbers. A line whose indices are out of order is sorted (values kept aligned); a
 * repeated index is an error, as is a blank line. Columns in errors are 1-based token positions (the label is
 * token 1). A trailing '\r' is ignored. Comments ({@code #}) and {@code qid:} tokens are not supported.
 *
 * <p>Designed for one call per line with a reused {@link SparseRecord}: no allocation on the happy path except
 * when the record's arrays grow.
 */
public final class LibSvmParser implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * @param file the name of the file being parsed, used in error messages
   */
  public LibSvmParser(String file) {
    this.file = file;
  }

  /** @return the file name used in error messages */
  public String file() {
    return file;
  }

  /**
   * Parses one line into {@code out} ({@code fields} is left untouched).
   *
   * @param line the line without its '\n'
   * @param lineNumber 1-based line number, for errors
   * @param out reused record; on success {@code label}, {@code nnz} and the first {@code nnz} indices (0-based,
   *     strictly increasing) and values are set
   * @throws InvalidInputException on a blank line, a bad label, a token without ':', an index below 1 or not an
   *     integer, a non-finite value or a repeated index
   */
  public void parse(String line, long lineNumber, SparseRecord out) {
    IndexedLines.parse(file, line, lineNumber, out, false);
  }
}
