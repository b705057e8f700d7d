package io.sparkctr.train;

import java.io.Serializable;

/**
 * What one epoch of a training run did: the line a user sees per epoch, and a row of the run's history.
 *
 * @param epoch 1-based
 * @param trainLogLoss progressive (predict, then update) weighted training log loss of the epoch
 * @param rows training rows the epoch stepped through
 * @param aggregatedBytes bytes of state the partitions' passes returned for merging, all rounds together
 * @param seconds wall time of the epoch's training (validation scoring not included)
 * @param validation the model's metrics on the validation rows after the epoch, or null without them
 * @param best whether this epoch's model is the one the run returns so far
 * @param stepSizeFactor the factor the step size was multiplied by in this epoch (1 unless decayed on a plateau)
 */
public record EpochRecord(int epoch, double trainLogLoss, long rows, long aggregatedBytes, double seconds,
    ValidationMetrics validation, boolean best, double stepSizeFactor) implements Serializable {}
