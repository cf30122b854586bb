package io.scimsync.testkit.fault;

import io.scimsync.testkit.fault.FaultAction.DropConnection;
import io.scimsync.testkit.fault.FaultAction.HugeBody;
import io.scimsync.testkit.fault.FaultAction.InvalidJson;
import io.scimsync.testkit.fault.FaultAction.Latency;
import io.scimsync.testkit.fault.FaultAction.Status;
import io.scimsync.testkit.fault.FaultAction.TruncatedBody;
import java.time.Duration;
import java.util.Optional;

/**
 * Fluent construction of {@link FaultRule}s: where, then what, then when; the "when" call returns
 * the rule. Arguments are validated at each step, so a bad status fails where it is written.
 *
 * <pre>{@code
 * Faults.on("PATCH", "/Groups/*").status(503).retryAfter(Duration.ofSeconds(2)).onNthMatch(3)
 * Faults.onAny("/**").latency(Duration.ofMillis(50)).always()
 * Faults.on("POST", "/Users").status(500).firstTimes(2)   // fail twice, then succeed
 * }</pre>
 */
public final class Faults {

  private Faults() {}

  /** Requests with {@code method} (case-insensitive; {@code "*"} for any) and a path matching the glob. */
  public static Where on(String method, String pathPattern) {
    Optional<String> m = method.equals("*")
        ? Optional.empty()
        : Optional.of(FaultRule.normaliseMethod(method));
    PathGlob.validate(pathPattern);
    return new Where(m, pathPattern);
  }

  /** Requests with any method and a path matching the glob. */
  public static Where onAny(String pathPattern) {
    return on("*", pathPattern);
  }

  /** The requests a rule applies to; pick the action next. */
  public static final class Where {
    private final Optional<String> method;
    private final String pathPattern;

    private Where(Optional<String> method, String pathPattern) {
      this.method = method;
      this.pathPattern = pathPattern;
    }

    /** Answer {@code status} with a SCIM error body; optionally add {@code retryAfter(...)}. */
    public StatusWhen status(int status) {
      return new StatusWhen(method, pathPattern, new Status(status));
    }

    /** Delay by {@code delay}, then answer normally. */
    public When latency(Duration delay) {
      return new When(method, pathPattern, new Latency(delay));
    }

    /** Close the connection without a response. */
    public When dropConnection() {
      return new When(method, pathPattern, new DropConnection());
    }

    /** Answer {@code status} with an HTML page. */
    public When html(int status) {
      return new When(method, pathPattern, new FaultAction.Html(status));
    }

    /** Answer 200 with a body shorter than its declared Content-Length. */
    public When truncatedBody() {
      return new When(method, pathPattern, new TruncatedBody());
    }

    /** Answer 200 with a JSON body of {@code bytes} bytes. */
    public When hugeBody(long bytes) {
      return new When(method, pathPattern, new HugeBody(bytes));
    }

    /** Answer 200 with a SCIM user nesting {@code levels} levels of objects. */
    public When deepJson(int levels) {
      return new When(method, pathPattern, new FaultAction.DeepJson(levels));
    }

    /** Answer 200 as {@code application/scim+json} with a body that is not JSON. */
    public When invalidJson() {
      return new When(method, pathPattern, new InvalidJson());
    }

    /** Answer {@code status} as {@code application/scim+json} with a body that is not JSON. */
    public When invalidJson(int status) {
      return new When(method, pathPattern, new InvalidJson(status));
    }
  }

  /** A rule with its action; pick the trigger to get the {@link FaultRule}. */
  public static class When {
    final Optional<String> method;
    final String pathPattern;
    final FaultAction action;

    When(Optional<String> method, String pathPattern, FaultAction action) {
      this.method = method;
      this.pathPattern = pathPattern;
      this.action = action;
    }

    /** On every matching request. */
    public FaultRule always() {
      return rule(new Trigger.Always());
    }

    /** On each matching request with {@code probability}, reproducibly for a given {@code seed}. */
    public FaultRule atRate(double probability, long seed) {
      return rule(new Trigger.Rate(probability, seed));
    }

    /** Only on the {@code n}-th matching request (1-based). */
    public FaultRule onNthMatch(int n) {
      return rule(new Trigger.NthMatch(n));
    }

    /** On the first {@code n} matching requests, then never. */
    public FaultRule firstTimes(int n) {
      return rule(new Trigger.FirstN(n));
    }

    private FaultRule rule(Trigger trigger) {
      return new FaultRule(method, pathPattern, action, trigger);
    }
  }

  /** A status rule, which may also carry a {@code Retry-After}. */
  public static final class StatusWhen extends When {
    private StatusWhen(Optional<String> method, String pathPattern, Status action) {
      super(method, pathPattern, action);
    }

    /** Adds {@code Retry-After: <seconds>} to the answer; whole seconds only. */
    public When retryAfter(Duration retryAfter) {
      Status status = (Status) action;
      return new When(method, pathPattern, new Status(status.status(), Optional.of(retryAfter)));
    }
  }
}
