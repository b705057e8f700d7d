package io.sparkctr.optim.group;

import io.sparkctr.optim.OptimizerChecks;
import java.io.Serializable;

/**
 * How a weight vector splits into the penalty groups of the sparse group lasso (algorithms.md section
 * 7): coordinates {@code [0, groupStart)} are groups of size 1, {@code [groupStart, numRegularized)}
 * are consecutive rows of {@code groupSize} coordinates (embedding rows), and
 * {@code [numRegularized, dimension)} (the intercept) are in no group and never penalised.
 *
 * <p>A factorization machine with n features and k factors laid out as
 * {@code [n linear weights | n*k factors | intercept]} has {@code groupStart = n},
 * {@code groupSize = k}, {@code numRegularized = n + n*k} and {@code dimension = numRegularized + 1};
 * logistic regression has only singletons: {@link #singletons}.
 *
 * @param dimension the number of coordinates, &gt;= 0
 * @param numRegularized coordinates {@code [0, numRegularized)} are penalised; in {@code [0, dimension]}
 * @param groupStart the first coordinate of the first row; in {@code [0, numRegularized]}
 * @param groupSize the coordinates per row, d; &gt;= 1, and {@code numRegularized - groupStart} is a
 *     multiple of it
 */
public record GroupLayout(int dimension, int numRegularized, int groupStart, int groupSize)
    implements Serializable {
  public GroupLayout {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    if (groupSize < 1) {
      throw new IllegalArgumentException("groupSize MUST be >= 1, but got " + groupSize);
    }
    if (groupStart < 0 || groupStart > numRegularized) {
      throw new IllegalArgumentException(
          "groupStart MUST be in [0, numRegularized = " + numRegularized + "], but got " + groupStart);
    }
    if ((numRegularized - groupStart) % groupSize != 0) {
      throw new IllegalArgumentException("numRegularized - groupStart MUST be a multiple of groupSize = "
          + groupSize + ", but got " + numRegularized + " - " + groupStart + " = " + (numRegularized - groupStart));
    }
  }

  /** Every penalised coordinate is its own group (logistic regression): groupStart = numRegularized. */
  public static GroupLayout singletons(int dimension, int numRegularized) {
    return new GroupLayout(dimension, numRegularized, numRegularized, 1);
  }

  /** The number of rows of {@link #groupSize} coordinates in {@code [groupStart, numRegularized)}. */
  public int numRows() {
    return (numRegularized - groupStart) / groupSize;
  }

  /** The number of penalty groups: the singletons and the rows. */
  public int numGroups() {
    return groupStart + numRows();
  }

  /**
   * Whether coordinate i lies in a row of more than one coordinate, i.e. its weight depends on other
   * coordinates' state. False for singletons, for rows when {@code groupSize == 1}, and for the
   * unpenalised coordinates.
   */
  public boolean inRow(int i) {
    return groupSize > 1 && i >= groupStart && i < numRegularized;
  }

  /** The row of a coordinate in {@code [groupStart, numRegularized)}: (i - groupStart) / groupSize. */
  public int rowOf(int i) {
    return (i - groupStart) / groupSize;
  }

  /**
   * The penalty group of coordinate i, in {@code [0, numGroups())}: i for singletons,
   * groupStart + its row for row coordinates; -1 for an unpenalised coordinate.
   *
   * @param i coordinate in {@code [0, dimension)}
   */
  public int groupOf(int i) {
    checkCoordinate(i);
    if (i >= numRegularized) {
      return -1;
    }
    return i < groupStart ? i : groupStart + rowOf(i);
  }

  /** The first coordinate of i's group (i itself for singletons and unpenalised coordinates). */
  public int groupFirst(int i) {
    checkCoordinate(i);
    return i < groupStart || i >= numRegularized ? i : groupStart + rowOf(i) * groupSize;
  }

  /** The size d of i's group: groupSize for row coordinates, 1 otherwise (unpenalised ones stand alone). */
  public int groupSizeOf(int i) {
    checkCoordinate(i);
    return i < groupStart || i >= numRegularized ? 1 : groupSize;
  }

  /**
   * Checks that an optimizer asked for over {@code (dimension, numRegularized)} matches this layout.
   *
   * @return this layout
   */
  public GroupLayout checkShape(int dimension, int numRegularized) {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    if (dimension != this.dimension || numRegularized != this.numRegularized) {
      throw new IllegalArgumentException("Dimension mismatch: the group layout has " + this.dimension
          + " coordinates (" + this.numRegularized + " penalised), but got " + dimension + " (" + numRegularized
          + " penalised)");
    }
    return this;
  }

  private void checkCoordinate(int i) {
    if (i < 0 || i >= dimension) {
      throw new IllegalArgumentException("Coordinate MUST be in [0, " + dimension + "), but got " + i);
    }
  }
}
