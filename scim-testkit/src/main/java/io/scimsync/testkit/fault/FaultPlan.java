package io.scimsync.testkit.fault;

import io.scimsync.testkit.fault.FaultAction.Latency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault rules of one fake server, asked once per request. Thread-safe: rules may be added or
 * cleared while requests are being matched.
 *
 * <p>Combination: every rule matching a request advances its own match counter, whether or not its
 * trigger fires and whether or not its action is used. Of the rules whose triggers fire, the
 * delays of all {@link Latency} rules add up into one {@code Latency}, and the first terminal action
 * in the order rules were added wins; later terminal actions are dropped for that request (their
 * counters still advanced, so a shadowed {@code nth=3} is spent). Put the specific rules first.
 */
public final class FaultPlan {

  private record Entry(FaultRule rule, AtomicLong matches) {}

  // copy-on-write: matching (every request) iterates without locking; adding rules is rare
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** A plan with {@code rules}, in order. */
  public static FaultPlan of(FaultRule... rules) {
    FaultPlan plan = new FaultPlan();
    for (FaultRule rule : rules) {
      plan.add(rule);
    }
    return plan;
  }

  /** Adds {@code rule} after the existing ones, with a fresh match counter; returns this plan. */
  public FaultPlan add(FaultRule rule) {
    entries.add(new Entry(Objects.requireNonNull(rule, "rule"), new AtomicLong()));
    return this;
  }

  /**
   * The actions to apply to this request, in the order to apply them: empty (handle normally),
   * {@code [Latency]}, {@code [terminal]} or {@code [Latency, terminal]}.
   *
   * @param path the request path; a query string, if any, is ignored
   */
  public List<FaultAction> match(String method, String path) {
    Duration delay = null;
    FaultAction terminal = null;
    for (Entry entry : entries) {
      if (!entry.rule().matches(method, path)) {
        continue;
      }
      // the counter advances on every match, even when an earlier rule already answers: a rule's
      // "3rd match" is the 3rd matching request, not the 3rd one it was consulted for
      long n = entry.matches().incrementAndGet();
      if (!entry.rule().trigger().fires(n)) {
        continue;
      }
      FaultAction action = entry.rule().action();
      if (action instanceof Latency latency) {
        delay = delay == null ? latency.delay() : delay.plus(latency.delay());
      } else if (terminal == null) {
        terminal = action;
      }
    }
    if (delay == null) {
      return terminal == null ? List.of() : List.of(terminal);
    }
    return terminal == null ? List.of(new Latency(delay)) : List.of(new Latency(delay), terminal);
  }

  /** Removes every rule (and its counter). */
  public void clear() {
    entries.clear();
  }

  /** The rules in the order they were added. */
  public List<FaultRule> rules() {
    List<FaultRule> rules = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      rules.add(entry.rule());
    }
    return List.copyOf(rules);
  }

  /** The rules, one per line, in the syntax of {@link FaultRule#parse}. */
  @Override
  public String toString() {
    return String.join("\n", rules().stream().map(FaultRule::toString).toList());
  }
}
