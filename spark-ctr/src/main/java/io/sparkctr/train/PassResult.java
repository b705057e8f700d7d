package io.sparkctr.train;

import io.sparkctr.optim.StateDelta;

import java.io.Serializable;

/**
 * What one pass over one partition returns: the optimizer-state increments of the coordinates it
 * touched and the progressive (predict-then-update) training loss. Merged by summing.
 */
public final class PassResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StateDelta delta;
  private final double lossSum;
  private final double weightSum;
  private final long rows;
  private final long shippedBytes;

  /** One partition's result: what it ships is its delta. */
  public PassResult(StateDelta delta, double lossSum, double weightSum, long rows) {
    this(delta, lossSum, weightSum, rows, delta.payloadBytes());
  }

  private PassResult(StateDelta delta, double lossSum, double weightSum, long rows, long shippedBytes) {
    this.delta = delta;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.rows = rows;
    this.shippedBytes = shippedBytes;
  }

  public static PassResult empty(int numStateColumns) {
    return new PassResult(StateDelta.empty(numStateColumns), 0.0, 0.0, 0L);
  }

  /** Sum of two results; an empty operand leaves the other's numbers bit for bit unchanged. */
  public static PassResult merge(PassResult a, PassResult b) {
    if (a.rows == 0 && a.delta.size() == 0) {
      return b;
    }
    if (b.rows == 0 && b.delta.size() == 0) {
      return a;
    }
    return new PassResult(StateDelta.merge(a.delta, b.delta), a.lossSum + b.lossSum, a.weightSum + b.weightSum,
        a.rows + b.rows, a.shippedBytes + b.shippedBytes);
  }

  public StateDelta delta() {
    return delta;
  }

  /** Weighted sum of each row's log loss, taken before the row's update. */
  public double lossSum() {
    return lossSum;
  }

  public double weightSum() {
    return weightSum;
  }

  public long rows() {
    return rows;
  }

  /**
   * Payload bytes of the state increments the partitions' passes returned, summed over the passes (and,
   * for an epoch, over its rounds): what is aggregated, sized to the coordinates each pass touched.
   */
  public long shippedBytes() {
    return shippedBytes;
  }
}
