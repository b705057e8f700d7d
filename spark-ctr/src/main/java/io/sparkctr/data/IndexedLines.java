package io.sparkctr.data;

/**
 * The shared scanner behind {@link LibSvmParser} and {@link LibFfmParser}: tokens separated by runs of spaces or
 * tabs, token 1 the label, then {@code index:value} (LibSVM) or {@code field:index:value} (LibFFM) tokens.
 *
 * <p>Entries are appended in line order while tracking whether keys are strictly increasing; only a line that is
 * not gets sorted (see {@link Scan#sortByKey}) and checked for duplicates, so the common sorted line costs one pass
 * and allocates nothing. Error paths re-scan the line to name the offending token.
 */
final class IndexedLines {
  static final String EXPECTED_LABEL = "a label in {0, 1} or {-1, +1}";
  static final String EXPECTED_NON_BLANK = "a non-blank line starting with " + EXPECTED_LABEL;
  static final String EXPECTED_VALUE = "a finite number";
  static final String EXPECTED_SVM_TOKEN = "an index:value pair";
  static final String EXPECTED_FFM_TOKEN = "a field:index:value triple";
  static final String EXPECTED_SVM_INDEX =
      "a 1-based feature index, an integer in [1, 2147483648] (indices are 1-based: 0 and negatives are invalid)";
  static final String EXPECTED_FFM_INDEX = "a 0-based feature index, an integer in [0, 2147483647]";
  static final String EXPECTED_FFM_FIELD = "a 0-based field, an integer in [0, 2147483647]";

  private IndexedLines() {}

  static void parse(String file, String line, long lineNumber, SparseRecord out, boolean ffm) {
    final int end = Scan.endWithoutCr(line);
    int pos = Scan.skipBlanks(line, 0, end);
    if (pos == end) {
      throw new InvalidInputException(file, lineNumber, 1, "label", EXPECTED_NON_BLANK, line.substring(0, end));
    }
    int tokEnd = Scan.nextBlank(line, pos, end);
    final double label = Scan.parseLabel(line, pos, tokEnd, true);
    if (Double.isNaN(label)) {
      throw new InvalidInputException(file, lineNumber, 1, "label", EXPECTED_LABEL, line.substring(pos, tokEnd));
    }
    int column = 1;
    int nnz = 0;
    boolean increasing = true;
    int prevIndex = -1;
    int prevField = -1;
    while (true) {
      pos = Scan.skipBlanks(line, tokEnd, end);
      if (pos == end) {
        break;
      }
      tokEnd = Scan.nextBlank(line, pos, end);
      column++;
      final int colon = Scan.indexOf(line, ':', pos, tokEnd);
      int field = 0;
      int indexStart = pos;
      int indexEnd = colon;
      if (ffm) {
        final int colon2 = colon < 0 ? -1 : Scan.indexOf(line, ':', colon + 1, tokEnd);
        if (colon2 < 0) {
          throw new InvalidInputException(
              file, lineNumber, column, "field:index:value", EXPECTED_FFM_TOKEN, line.substring(pos, tokEnd));
        }
        final long f = Scan.parseLong(line, pos, colon);
        if (f < 0 || f > Integer.MAX_VALUE) { // NOT_A_LONG is negative
          throw new InvalidInputException(
              file, lineNumber, column, "field", EXPECTED_FFM_FIELD, line.substring(pos, colon));
        }
        field = (int) f;
        indexStart = colon + 1;
        indexEnd = colon2;
      } else if (colon < 0) {
        throw new InvalidInputException(
            file, lineNumber, column, "index:value", EXPECTED_SVM_TOKEN, line.substring(pos, tokEnd));
      }
      final long raw = Scan.parseLong(line, indexStart, indexEnd);
      final long index = ffm ? raw : (raw == Scan.NOT_A_LONG ? raw : raw - 1);
      if (index < 0 || index > Integer.MAX_VALUE) {
        throw new InvalidInputException(
            file,
            lineNumber,
            column,
            "index",
            ffm ? EXPECTED_FFM_INDEX : EXPECTED_SVM_INDEX,
            line.substring(indexStart, indexEnd));
      }
      final double value = Scan.parseFiniteDouble(line, indexEnd + 1, tokEnd);
      if (Double.isNaN(value)) {
        throw new InvalidInputException(
            file, lineNumber, column, "value", EXPECTED_VALUE, line.substring(indexEnd + 1, tokEnd));
      }
      if (nnz == out.indices.length) {
        out.nnz = nnz;
        out.ensureCapacity(nnz + 1);
      }
      final int idx = (int) index;
      if (increasing && nnz > 0 && (idx < prevIndex || (idx == prevIndex && field <= prevField))) {
        increasing = false;
      }
      out.indices[nnz] = idx;
      out.values[nnz] = value;
      if (ffm) {
        out.fields[nnz] = field;
      }
      prevIndex = idx;
      prevField = field;
      nnz++;
    }
    if (!increasing) {
      Scan.sortByKey(out.indices, out.values, ffm ? out.fields : null, nnz);
      for (int p = 1; p < nnz; p++) {
        if (out.indices[p] == out.indices[p - 1] && (!ffm || out.fields[p] == out.fields[p - 1])) {
          throw duplicate(file, line, end, lineNumber, ffm, out.indices[p], ffm ? out.fields[p] : 0);
        }
      }
    }
    out.label = label;
    out.nnz = nnz;
  }

  /** Error path: finds the first and second token holding the duplicated key. */
  private static InvalidInputException duplicate(
      String file, String line, int end, long lineNumber, boolean ffm, int index, int field) {
    int firstColumn = -1;
    int column = 1;
    int pos = Scan.nextBlank(line, Scan.skipBlanks(line, 0, end), end);
    while (true) {
      pos = Scan.skipBlanks(line, pos, end);
      if (pos == end) {
        throw new AssertionError("duplicate " + index + " not found in line " + lineNumber);
      }
      final int tokEnd = Scan.nextBlank(line, pos, end);
      column++;
      final int colon = Scan.indexOf(line, ':', pos, tokEnd);
      final boolean match;
      if (ffm) {
        final int colon2 = Scan.indexOf(line, ':', colon + 1, tokEnd);
        match = Scan.parseLong(line, pos, colon) == field && Scan.parseLong(line, colon + 1, colon2) == index;
      } else {
        match = Scan.parseLong(line, pos, colon) - 1 == index;
      }
      if (match) {
        if (firstColumn < 0) {
          firstColumn = column;
        } else {
          final String expected =
              (ffm ? "a (field, index) pair" : "a feature index")
                  + " not already used in this row (first used at column "
                  + firstColumn
                  + ")";
          return new InvalidInputException(
              file, lineNumber, column, ffm ? "field:index" : "index", expected, line.substring(pos, tokEnd));
        }
      }
      pos = tokEnd;
    }
  }
}
