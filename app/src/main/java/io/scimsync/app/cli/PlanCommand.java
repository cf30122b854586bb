package io.scimsync.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scimsync plan --provider NAME}: what a reconcile would send now, nothing sent. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Shows the requests a reconcile of a provider would send now.",
        "A dry run against a running daemon: it reads the remote side and writes nothing."})
final class PlanCommand implements Callable<Integer> {
  // a plan reads the remote directory, which takes a while for a large one
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Mixin
  AdminOptions admin;

  @Option(names = "--json", description = "print the daemon's JSON as it is")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = main.env();
    String provider = admin.provider();
    AdminClient client = new AdminClient(admin.baseUrl(env), admin.token(env));
    String body = client.send("GET", "/api/v1/providers/" + provider + "/plan", provider,
        REQUEST_TIMEOUT);
    if (json) {
      out.println(body.strip());
    } else {
      out.print(render(provider, AdminClient.parse(body)));
    }
    out.flush();
    return 0;
  }

  /** The plan as a table plus totals. */
  static String render(String provider, JsonNode plan) {
    JsonNode requests = plan.path("requests");
    long total = plan.path("total").asLong(requests.size());
    long reads = plan.path("reads").asLong(0);
    StringBuilder out = new StringBuilder();
    if (total == 0) {
      out.append("'").append(provider).append("' is in sync: a reconcile would send nothing (")
          .append(reads).append(reads == 1 ? " read" : " reads").append(").\n");
      return out.toString();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"METHOD", "PATH", "OBJECT"});
    Map<String, Integer> perMethod = new TreeMap<>();
    for (JsonNode r : requests) {
      String method = r.path("method").asText("?");
      rows.add(new String[] {method, r.path("path").asText(""), r.path("object").asText("")});
      perMethod.merge(method, 1, Integer::sum);
    }
    int methodWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(6);
    int pathWidth = Math.min(60, rows.stream().mapToInt(r -> r[1].length()).max().orElse(4));
    for (String[] row : rows) {
      out.append(String.format("%-" + methodWidth + "s  %-" + pathWidth + "s  %s", row[0],
          row[1], row[2]).stripTrailing()).append('\n');
    }
    out.append('\n');
    List<String> byMethod = new ArrayList<>();
    perMethod.forEach((method, count) -> byMethod.add(count + " " + method));
    out.append(total).append(total == 1 ? " request" : " requests").append(" would be sent to '")
        .append(provider).append("' (");
    if (plan.path("truncated").asBoolean(false)) {
      out.append("the first ").append(requests.size()).append(" shown: ");
    }
    out.append(String.join(", ", byMethod)).append("); ").append(reads).append(reads == 1 ? " read was" : " reads were")
        .append(" needed to work this out. Nothing was sent.\n");
    return out.toString();
  }
}
