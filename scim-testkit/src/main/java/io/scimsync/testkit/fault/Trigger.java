package io.scimsync.testkit.fault;

/**
 * When a matching rule applies its action. A trigger is a value; the per-rule match counter lives
 * in {@link FaultPlan}, which asks {@link #fires(long)} with the 1-based number of each match.
 */
public sealed interface Trigger {

  /**
   * Whether the action applies to the {@code matchNumber}-th request (1-based) matching the rule.
   * A pure function of its argument, so decisions do not depend on thread interleaving.
   */
  boolean fires(long matchNumber);

  /** This trigger in the command-line syntax of {@link FaultRule#parse}, e.g. {@code nth=3}. */
  String spec();

  /** Every match. */
  record Always() implements Trigger {
    @Override
    public boolean fires(long matchNumber) {
      return true;
    }

    @Override
    public String spec() {
      return "always";
    }
  }

  /**
   * Each match with {@code probability}, decided from {@code seed} and the match number alone:
   * the same seed gives the same decisions for the same sequence of matches, run after run.
   */
  record Rate(double probability, long seed) implements Trigger {
    public Rate {
      if (!(probability >= 0.0 && probability <= 1.0)) {
        throw new IllegalArgumentException("probability must be 0..1, got " + probability);
      }
    }

    @Override
    public boolean fires(long matchNumber) {
      // SplitMix64 of (seed, n): stateless, so no shared Random to lock and no order dependence
      long z = seed + matchNumber * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      double uniform = (z >>> 11) * 0x1.0p-53;
      return uniform < probability;
    }

    @Override
    public String spec() {
      return "rate=" + probability + " seed=" + seed;
    }
  }

  /** Only the {@code n}-th match (1-based), once. */
  record NthMatch(int n) implements Trigger {
    public NthMatch {
      if (n < 1) {
        throw new IllegalArgumentException("n must be >= 1, got " + n);
      }
    }

    @Override
    public boolean fires(long matchNumber) {
      return matchNumber == n;
    }

    @Override
    public String spec() {
      return "nth=" + n;
    }
  }

  /** The first {@code n} matches, then never: "fail twice, then succeed". */
  record FirstN(int n) implements Trigger {
    public FirstN {
      if (n < 1) {
        throw new IllegalArgumentException("n must be >= 1, got " + n);
      }
    }

    @Override
    public boolean fires(long matchNumber) {
      return matchNumber <= n;
    }

    @Override
    public String spec() {
      return "first=" + n;
    }
  }
}
