package io.sparkctr.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of optimizers by name, with what the Params, the CLI's help and the ownership check ask of
 * it: {@link OptimizerRegistry}'s (the sparse online optimizers) and DeepFM's mini-batch optimizers.
 *
 * @param <E> an entry
 */
public final class NamedOptimizers<E extends NamedOptimizers.Named> {
  /** What every entry has: its name, a one-line description and the Params it owns. */
  public interface Named {
    String name();

    String description();

    List<String> params();
  }

  private final List<E> entries;

  public NamedOptimizers(List<E> entries) {
    this.entries = List.copyOf(entries);
    final List<String> seen = new ArrayList<>();
    for (E e : entries) {
      if (seen.contains(e.name())) {
        throw new IllegalArgumentException("Optimizer names MUST be unique, but '" + e.name() + "' repeats");
      }
      seen.add(e.name());
    }
  }

  /** Every entry, in the order the docs list them. */
  public List<E> all() {
    return entries;
  }

  /** The names, in order. */
  public String[] names() {
    return entries.stream().map(Named::name).toArray(String[]::new);
  }

  /** The entry of {@code name}; an error naming the choices when there is none. */
  public E get(String name) {
    for (E e : entries) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "optimizer MUST be one of " + String.join(", ", names()) + ", but got '" + name + "'");
  }

  /** "name (description)" for every entry, joined with "; " (the CLI's help). */
  public String descriptions() {
    final List<String> parts = new ArrayList<>();
    for (E e : entries) {
      parts.add(e.name() + " (" + e.description() + ")");
    }
    return String.join("; ", parts);
  }

  /** "name: its Params" for every entry that owns some, joined with "; " (the optimizer Param's doc). */
  public String paramsSummary() {
    final List<String> parts = new ArrayList<>();
    for (E e : entries) {
      if (!e.params().isEmpty()) {
        parts.add(e.name() + ": " + String.join(", ", e.params()));
      }
    }
    return String.join("; ", parts);
  }

  /** Every Param some entry owns. */
  public List<String> ownedParams() {
    final List<String> out = new ArrayList<>();
    for (E e : entries) {
      for (String p : e.params()) {
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** The entries that own {@code param}, joined with ", ". */
  public String owners(String param) {
    final List<String> out = new ArrayList<>();
    for (E e : entries) {
      if (e.params().contains(param)) {
        out.add(e.name());
      }
    }
    return String.join(", ", out);
  }
}
