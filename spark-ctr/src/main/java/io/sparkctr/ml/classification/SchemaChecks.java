package io.sparkctr.ml.classification;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Column checks with Spark-style messages naming the column, the required type and the actual one. */
final class SchemaChecks {
  private SchemaChecks() {}

  static StructField require(StructType schema, String column) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("Column " + column + " does not exist. Available: "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(column);
  }

  static void requireVector(StructType schema, String column) {
    DataType type = require(schema, column).dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(
          "Column " + column + " MUST be of type Vector, but was actually " + type.catalogString() + ".");
    }
  }

  static void requireNumeric(StructType schema, String column) {
    DataType type = require(schema, column).dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException(
          "Column " + column + " MUST be of a numeric type, but was actually " + type.catalogString() + ".");
    }
  }

  static void requireIntArray(StructType schema, String column) {
    DataType type = require(schema, column).dataType();
    if (!(type instanceof org.apache.spark.sql.types.ArrayType)
        || !(((org.apache.spark.sql.types.ArrayType) type).elementType() instanceof org.apache.spark.sql.types.IntegerType)) {
      throw new IllegalArgumentException(
          "Column " + column + " MUST be of type array<int> (one field per features entry), but was actually "
              + type.catalogString() + ".");
    }
  }

  static StructType append(StructType schema, String column, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("Output column " + column + " already exists.");
    }
    return schema.add(column, type, false);
  }
}
