package io.sparkctr.ml.feature;

import io.sparkctr.featurize.FieldLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the raw tokens of a row for a {@link FieldLayout}. Supported input types: string, and the
 * integral types tinyint, smallint, int and bigint (read as their decimal string, as
 * {@code cast(x as string)} would). A null value reads as "" (its own category).
 */
final class RawColumns {
  private RawColumns() {}

  /** Positions of the layout's input columns in {@code schema}; fails naming a missing or mistyped column. */
  static int[] positions(StructType schema, FieldLayout layout) {
    final int[] pos = new int[layout.numInputCols()];
    for (int i = 0; i < pos.length; i++) {
      final String c = layout.inputCol(i);
      final int p;
      try {
        p = schema.fieldIndex(c);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Input column " + c + " MUST exist, but the schema has only " + String.join(", ", schema.fieldNames()));
      }
      final StructField f = schema.fields()[p];
      if (!isSupported(f.dataType())) {
        throw new IllegalArgumentException("Input column " + c
            + " MUST be of type string, tinyint, smallint, int or bigint, but got " + f.dataType().simpleString());
      }
      pos[i] = p;
    }
    return pos;
  }

  static boolean isSupported(DataType t) {
    return t instanceof StringType || t instanceof IntegerType || t instanceof LongType
        || t instanceof ShortType || t instanceof ByteType;
  }

  /** Fills raw[i] with the token of input column i (null reads as ""). */
  static void read(Row row, int[] positions, String[] raw) {
    for (int i = 0; i < positions.length; i++) {
      final Object v = row.get(positions[i]);
      raw[i] = v == null ? "" : v instanceof String ? (String) v : v.toString();
    }
  }

  /** The error for handleInvalid = 'error'. */
  static IllegalArgumentException invalid(FieldLayout layout, int inputCol, String token) {
    return new IllegalArgumentException("Column " + layout.inputCol(inputCol) + " MUST hold "
        + layout.expectation(inputCol) + ", but got '" + token
        + "'. Set handleInvalid to 'skip' to drop such rows or to 'keep' to map them to the category '"
        + FieldLayout.INVALID_TOKEN + "'");
  }

  /** Checks that no output column already exists. */
  static void checkAbsent(StructType schema, String... cols) {
    for (String c : cols) {
      for (String existing : schema.fieldNames()) {
        if (existing.equals(c)) {
          throw new IllegalArgumentException("Output column " + c + " MUST NOT exist already in the input");
        }
      }
    }
  }
}
