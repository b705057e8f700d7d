package io.sparkctr.optim.group;

import io.sparkctr.optim.SparseOnlineOptimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;

/** Drivers shared by the group optimizer tests. */
final class GroupTesting {
  private GroupTesting() {}

  /**
   * A seeded random stream that updates whole groups, as an FM updates a feature's factors: each step,
   * each group (and each unpenalised coordinate) is read and then updated with probability
   * {@code touchProbability}, gradients uniform in (-1, 1). The draws do not depend on the weights.
   */
  static void drive(SparseOnlineOptimizer opt, GroupLayout layout, long seed, int steps, double touchProbability) {
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] w = new double[layout.dimension()];
    for (int step = 0; step < steps; step++) {
      int i = 0;
      while (i < layout.dimension()) {
        final int size = layout.groupSizeOf(i);
        if (random.nextDouble() < touchProbability) {
          for (int j = i; j < i + size; j++) {
            w[j] = opt.weight(j);
          }
          for (int j = i; j < i + size; j++) {
            opt.update(j, random.nextDouble(-1, 1), w[j]);
          }
        }
        i += size;
      }
      opt.endStep();
    }
  }

  static double[] weights(SparseOnlineOptimizer opt) {
    final double[] out = new double[opt.dimension()];
    opt.weights(out);
    return out;
  }

  /** A random start with zero entries, row 1 all zero, Gaussian entries of scale 0.1 elsewhere. */
  static double[] randomStart(GroupLayout layout, long seed) {
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] w = new double[layout.dimension()];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble() < 0.15 ? 0.0 : random.nextGaussian() * 0.1;
    }
    for (int j = layout.groupStart() + layout.groupSize(); j < layout.groupStart() + 2 * layout.groupSize(); j++) {
      w[j] = 0.0;
    }
    return w;
  }

  /** Java serialization there and back (what a Spark broadcast does). */
  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws Exception {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
