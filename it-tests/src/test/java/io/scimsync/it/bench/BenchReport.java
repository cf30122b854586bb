package io.scimsync.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's findings: a table on standard output and {@code report.json}. */
final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One scenario's figures; null where a figure does not apply.
   *
   * @param serverCapacityRps what the same target can take (see {@code notes} for how it was found)
   * @param ratio             requestsPerSecond / serverCapacityRps
   * @param target            the DESIGN.md §6 target this row is judged by, in words
   * @param met               whether it was met (null: no target)
   * @param notes             how the figures were taken, and anything odd
   */
  record Scenario(String name, Long requests, Long minimumRequests, Double seconds,
                  Double requestsPerSecond, Double serverCapacityRps, Double ratio,
                  Double latencyP50Ms, Double latencyP99Ms, Double peakHeapMiB, String target,
                  Boolean met, String notes) {}

  private final boolean quick;
  private final Instant date = Instant.now();
  private final double startLoad = load();
  private final List<Scenario> scenarios = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  BenchReport(boolean quick) {
    this.quick = quick;
  }

  /** The system's load average over the last minute (other processes compete for the cores). */
  static double load() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
        / 100.0;
  }

  synchronized void add(Scenario scenario) {
    scenario = new Scenario(scenario.name(), scenario.requests(), scenario.minimumRequests(),
        scenario.seconds(), scenario.requestsPerSecond(), scenario.serverCapacityRps(),
        scenario.ratio(), scenario.latencyP50Ms(), scenario.latencyP99Ms(),
        scenario.peakHeapMiB(), scenario.target(), scenario.met(),
        scenario.notes() + "; load average (1 min) when measured: " + load());
    scenarios.add(scenario);
    Bench.log("RESULT %s: %s", scenario.name(), line(scenario));
  }

  synchronized void error(String scenario, Throwable error) {
    errors.add(scenario + ": " + error);
  }

  synchronized List<Scenario> scenarios() {
    return List.copyOf(scenarios);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  static ObjectNode machine() {
    Runtime rt = Runtime.getRuntime();
    ObjectNode m = JSON.createObjectNode();
    m.put("cores", rt.availableProcessors());
    m.put("maxHeapMiB", rt.maxMemory() / (1024 * 1024));
    try {
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean();
      m.put("memoryMiB", os.getTotalMemorySize() / (1024 * 1024));
    } catch (RuntimeException | LinkageError e) {
      m.putNull("memoryMiB");
    }
    m.put("loadAverage1m", load());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + ")");
    return m;
  }

  synchronized ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("date", date.toString());
    ObjectNode machine = machine();
    machine.put("loadAverage1mAtStart", startLoad);
    root.set("machine", machine);
    root.put("quick", quick);
    ArrayNode array = root.putArray("scenarios");
    for (Scenario s : scenarios) {
      ObjectNode n = array.addObject();
      n.put("name", s.name());
      n.put("requests", s.requests());
      n.put("minimumRequests", s.minimumRequests());
      n.put("seconds", round(s.seconds(), 3));
      n.put("requestsPerSecond", round(s.requestsPerSecond(), 1));
      n.put("serverCapacityRps", round(s.serverCapacityRps(), 1));
      n.put("ratio", round(s.ratio(), 3));
      n.put("latencyP50Ms", round(s.latencyP50Ms(), 2));
      n.put("latencyP99Ms", round(s.latencyP99Ms(), 2));
      n.put("peakHeapMiB", round(s.peakHeapMiB(), 1));
      n.put("target", s.target());
      n.put("met", s.met());
      n.put("notes", s.notes());
    }
    ArrayNode errs = root.putArray("errors");
    errors.forEach(errs::add);
    return root;
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), toJson());
  }

  synchronized String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nscimsync benchmark%s, %s%nmachine: %s%n",
        quick ? " (QUICK: sizes / 10)" : "", date, machine()));
    String header = String.format(Locale.ROOT,
        "%-26s %9s %9s %8s %9s %9s %6s %8s %8s %7s  %s%n", "scenario", "requests", "minimum",
        "seconds", "req/s", "capacity", "ratio", "p50 ms", "p99 ms", "heapMiB", "target");
    out.append(header);
    out.append("-".repeat(header.length() + 10)).append('\n');
    for (Scenario s : scenarios) {
      out.append(String.format(Locale.ROOT, "%-26s %9s %9s %8s %9s %9s %6s %8s %8s %7s  %s%n",
          s.name(), n(s.requests()), n(s.minimumRequests()), f(s.seconds(), 2),
          f(s.requestsPerSecond(), 0), f(s.serverCapacityRps(), 0), f(s.ratio(), 2),
          f(s.latencyP50Ms(), 1), f(s.latencyP99Ms(), 1), f(s.peakHeapMiB(), 0),
          s.met() == null ? "-" : (s.met() ? "met: " : "MISSED: ") + s.target()));
    }
    out.append('\n');
    for (Scenario s : scenarios) {
      out.append("  ").append(s.name()).append(": ").append(s.notes()).append('\n');
    }
    for (String e : errors) {
      out.append("  ERROR ").append(e).append('\n');
    }
    return out.toString();
  }

  private static String line(Scenario s) {
    return String.format(Locale.ROOT, "requests=%s minimum=%s seconds=%s req/s=%s capacity=%s "
            + "ratio=%s p50=%s p99=%s heap=%s %s", n(s.requests()), n(s.minimumRequests()),
        f(s.seconds(), 2), f(s.requestsPerSecond(), 0), f(s.serverCapacityRps(), 0),
        f(s.ratio(), 2), f(s.latencyP50Ms(), 1), f(s.latencyP99Ms(), 1), f(s.peakHeapMiB(), 0),
        s.met() == null ? "" : (s.met() ? "target met" : "TARGET MISSED") + " (" + s.target() + ")");
  }

  private static String n(Long v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%,d", v);
  }

  private static String f(Double v, int decimals) {
    return v == null ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  private static Double round(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(v * scale) / scale;
  }
}
