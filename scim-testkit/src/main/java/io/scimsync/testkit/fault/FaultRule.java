package io.scimsync.testkit.fault;

import io.scimsync.testkit.fault.FaultAction.DropConnection;
import io.scimsync.testkit.fault.FaultAction.HugeBody;
import io.scimsync.testkit.fault.FaultAction.InvalidJson;
import io.scimsync.testkit.fault.FaultAction.Latency;
import io.scimsync.testkit.fault.FaultAction.Status;
import io.scimsync.testkit.fault.FaultAction.TruncatedBody;
import io.scimsync.testkit.fault.Trigger.Always;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For requests with {@code method} (empty: any method) whose path matches {@code pathPattern} (a
 * {@link PathGlob}), apply {@code action} when {@code trigger} fires. Build one with {@link Faults}
 * from Java, or with {@link #parse(String)} from the command line; {@link #toString()} gives back
 * the command-line syntax.
 *
 * @param method upper-case HTTP method; empty (or {@code "*"}, normalised to empty) matches any
 */
public record FaultRule(
    Optional<String> method, String pathPattern, FaultAction action, Trigger trigger) {

  /** The accepted command-line syntax, quoted in every parse error. */
  public static final String SYNTAX = String.join("\n",
      "fault rule syntax: METHOD PATH ACTION [TRIGGER]",
      "  METHOD   * or an HTTP method: GET, POST, PUT, PATCH, DELETE, ...",
      "  PATH     glob: /Users, /Groups/* (one segment), /Groups/** (any depth), * or /** (any path)",
      "  ACTION   exactly one of:",
      "             status=CODE [retry-after=SECONDS]   answer CODE with a SCIM error body",
      "             latency=DURATION                    delay, then answer normally (e.g. 50ms, 2s;"
          + " units ns us ms s m)",
      "             drop                                close the connection without a response",
      "             html=CODE                           answer CODE with an HTML page",
      "             truncated                           200 with a body shorter than its"
          + " Content-Length",
      "             huge=SIZE                           200 with a JSON body of SIZE bytes (e.g."
          + " 20MB; units B KB MB GB, 1KB = 1024 B)",
      "             invalid-json[=CODE]                 CODE (default 200) as application/scim+json,"
          + " body not JSON",
      "             deep=LEVELS                         200 with a SCIM user nesting LEVELS levels"
          + " of objects (2.." + FaultAction.DeepJson.MAX_LEVELS + ")",
      "  TRIGGER  at most one of: always (default) | rate=P [seed=N] (seed defaults to 0)"
          + " | nth=N | first=N",
      "  e.g.     PATCH /Groups/* status=503 retry-after=2 nth=3");

  private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

  public FaultRule {
    Objects.requireNonNull(method, "method");
    method = method.filter(m -> !m.equals("*")).map(FaultRule::normaliseMethod);
    PathGlob.validate(pathPattern);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(trigger, "trigger");
  }

  /**
   * Whether a request matches this rule (method case-insensitively, path by glob; the trigger is
   * not consulted here, see {@link FaultPlan#match}).
   */
  public boolean matches(String requestMethod, String path) {
    return method.map(m -> m.equalsIgnoreCase(requestMethod)).orElse(true)
        && PathGlob.matches(pathPattern, path);
  }

  /**
   * Parses the command-line syntax in {@link #SYNTAX}, e.g. {@code "PATCH /Groups/* status=503
   * retry-after=2 nth=3"}, {@code "* /** latency=50ms"}, {@code "GET /Groups html=502 rate=0.1
   * seed=7"}. Option keys are case-insensitive; options may come in any order.
   *
   * @throws IllegalArgumentException naming the bad token, followed by {@link #SYNTAX}
   */
  public static FaultRule parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty fault rule\n" + SYNTAX);
    }
    String[] tokens = spec.trim().split("\\s+");
    if (!tokens[0].equals("*") && !METHOD.matcher(tokens[0]).matches()) {
      throw bad(spec, tokens[0], "not an HTTP method or '*'");
    }
    Optional<String> method = Optional.of(tokens[0]);
    if (tokens.length < 2) {
      throw bad(spec, "missing PATH after METHOD");
    }
    try {
      PathGlob.validate(tokens[1]);
    } catch (IllegalArgumentException e) {
      throw bad(spec, tokens[1], e.getMessage());
    }
    FaultAction action = null;
    String actionToken = null;
    Trigger trigger = new Always();
    String triggerToken = null;
    Long retryAfter = null;
    String retryAfterToken = null;
    Double rate = null;
    Long seed = null;
    String seedToken = null;
    for (int i = 2; i < tokens.length; i++) {
      String token = tokens[i];
      int eq = token.indexOf('=');
      String key = (eq < 0 ? token : token.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : token.substring(eq + 1);
      try {
        switch (key) {
          case "status", "latency", "drop", "html", "truncated", "huge", "invalid-json", "deep" -> {
            if (actionToken != null) {
              throw new BadToken("a second action after '" + actionToken
                  + "'; a rule has one action (add a second rule to combine latency with a fault)");
            }
            action = parseAction(key, value);
            actionToken = token;
          }
          case "always", "rate", "nth", "first" -> {
            if (triggerToken != null) {
              throw new BadToken("a second trigger after '" + triggerToken + "'");
            }
            triggerToken = token;
            switch (key) {
              case "always" -> {
                none(value);
                trigger = new Always();
              }
              case "rate" -> rate = Double.parseDouble(required(value));
              case "nth" -> trigger = new Trigger.NthMatch(Integer.parseInt(required(value)));
              default -> trigger = new Trigger.FirstN(Integer.parseInt(required(value)));
            }
          }
          case "retry-after" -> {
            if (retryAfterToken != null) {
              throw new BadToken("retry-after given twice");
            }
            String v = required(value);
            retryAfter = Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
            if (retryAfter < 0) {
              throw new BadToken("must not be negative");
            }
            retryAfterToken = token;
          }
          case "seed" -> {
            if (seedToken != null) {
              throw new BadToken("seed given twice");
            }
            seed = Long.parseLong(required(value));
            seedToken = token;
          }
          default -> throw new BadToken("unknown option");
        }
      } catch (NumberFormatException e) {
        throw bad(spec, token, "not a number");
      } catch (IllegalArgumentException e) {
        // BadToken and the validation of FaultAction and Trigger constructors
        throw bad(spec, token, e.getMessage());
      }
    }
    if (action == null) {
      throw bad(spec, "missing ACTION");
    }
    if (retryAfterToken != null) {
      if (!(action instanceof Status status)) {
        throw bad(spec, retryAfterToken, "retry-after only goes with status=CODE");
      }
      action = new Status(status.status(), Optional.of(Duration.ofSeconds(retryAfter)));
    }
    if (seedToken != null && rate == null) {
      throw bad(spec, seedToken, "seed only goes with rate=P");
    }
    if (rate != null) {
      try {
        trigger = new Trigger.Rate(rate, seed == null ? 0L : seed);
      } catch (IllegalArgumentException e) {
        throw bad(spec, triggerToken, e.getMessage());
      }
    }
    return new FaultRule(method, tokens[1], action, trigger);
  }

  /**
   * The rule in the syntax of {@link #parse(String)}; {@code parse(rule.toString())} equals
   * {@code rule}. The default trigger {@code always} is left out.
   */
  @Override
  public String toString() {
    return method.orElse("*") + " " + pathPattern + " " + action.spec()
        + (trigger instanceof Always ? "" : " " + trigger.spec());
  }

  private static FaultAction parseAction(String key, String value) {
    switch (key) {
      case "status":
        return new Status(Integer.parseInt(required(value)));
      case "latency":
        return new Latency(parseDuration(required(value)));
      case "drop":
        none(value);
        return new DropConnection();
      case "html":
        return new FaultAction.Html(Integer.parseInt(required(value)));
      case "truncated":
        none(value);
        return new TruncatedBody();
      case "huge":
        return new HugeBody(parseSize(required(value)));
      case "deep":
        return new FaultAction.DeepJson(Integer.parseInt(required(value)));
      default:
        return value == null ? new InvalidJson() : new InvalidJson(Integer.parseInt(value));
    }
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new BadToken("not a duration: a whole number with a unit ns, us, ms, s or m");
    }
    long n = Long.parseLong(m.group(1));
    try {
      switch (m.group(2)) {
        case "ns":
          return Duration.ofNanos(n);
        case "us":
          return Duration.of(n, ChronoUnit.MICROS);
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        default:
          return Duration.ofMinutes(n);
      }
    } catch (ArithmeticException e) {
      throw new BadToken("duration too large");
    }
  }

  /** The shortest exact spelling of {@code d} in the units {@link #parseDuration} accepts. */
  static String formatDuration(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (nanos == 0) {
      if (seconds == 0) {
        return "0ms";
      }
      return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
    if (nanos % 1_000_000 == 0) {
      return d.toMillis() + "ms";
    }
    if (nanos % 1_000 == 0) {
      return d.toNanos() / 1_000 + "us";
    }
    return d.toNanos() + "ns";
  }

  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new BadToken("not a size: a whole number with an optional unit B, KB, MB or GB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit) {
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new BadToken("size too large");
    }
    return n << shift;
  }

  /** The shortest exact spelling of {@code bytes} in the units {@link #parseSize} accepts. */
  static String formatSize(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return bytes + "B";
  }

  static String normaliseMethod(String method) {
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("method '" + method + "' is not an HTTP method or '*'");
    }
    return method.toUpperCase(Locale.ROOT);
  }

  private static String required(String value) {
    if (value == null || value.isEmpty()) {
      throw new BadToken("needs a value after '='");
    }
    return value;
  }

  private static void none(String value) {
    if (value != null) {
      throw new BadToken("takes no value");
    }
  }

  private static IllegalArgumentException bad(String spec, String token, String reason) {
    return new IllegalArgumentException(
        "bad token '" + token + "' in fault rule \"" + spec + "\": " + reason + "\n" + SYNTAX);
  }

  private static IllegalArgumentException bad(String spec, String reason) {
    return new IllegalArgumentException(
        "bad fault rule \"" + spec + "\": " + reason + "\n" + SYNTAX);
  }

  /** A reason without the token and spec; {@link #parse} adds both. */
  private static final class BadToken extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadToken(String reason) {
      super(reason);
    }
  }
}
