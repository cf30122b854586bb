package io.scimsync.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's closing report: what the SCIM server received, how long it took, what it holds. */
final class DemoSummary {
  private static final int MAX_FAILURES_SHOWN = 5;

  private DemoSummary() {
  }

  /**
   * @param took     from the provider's creation to convergence
   * @param status   the provider's last status (GET .../status)
   * @param requests "METHOD /Path/{id}" -> count, in the order to show
   * @param state    the fake server's state: {@code {"users": [...], "groups": [...]}}
   */
  static String render(Duration took, JsonNode status, Map<String, Long> requests,
                       JsonNode state) {
    StringBuilder out = new StringBuilder();
    JsonNode failed = status.path("failed");
    out.append(String.format(Locale.ROOT, "converged in %.1f s: %d users and %d groups synced, "
            + "%d failed%n", took.toMillis() / 1000.0, status.path("synced").path("users").asLong(),
        status.path("synced").path("groups").asLong(), failed.size()));
    int shownFailures = 0;
    for (JsonNode f : failed) {
      if (shownFailures++ == MAX_FAILURES_SHOWN) {
        out.append("  ...\n");
        break;
      }
      out.append("  failed ").append(f.path("kind").asText()).append(" '")
          .append(f.path("id").asText()).append("': ").append(f.path("error").asText())
          .append('\n');
    }

    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    out.append("\nrequests the SCIM server received (").append(total).append("):\n");
    int width = requests.keySet().stream().mapToInt(k -> path(k).length()).max().orElse(0);
    requests.forEach((endpoint, count) -> out.append(String.format(Locale.ROOT, "  %-6s %-"
        + width + "s %5d%n", method(endpoint), path(endpoint), count)));

    List<String[]> groups = new ArrayList<>();
    for (JsonNode group : state.path("groups")) {
      groups.add(new String[] {group.path("displayName").asText(),
          String.valueOf(group.path("members").size())});
    }
    groups.sort(Comparator.comparing((String[] g) -> g[0].toLowerCase(Locale.ROOT)));
    out.append("\nremote groups (").append(groups.size()).append("), ")
        .append(state.path("users").size()).append(" remote users:\n");
    int nameWidth = groups.stream().mapToInt(g -> g[0].length()).max().orElse(0);
    for (String[] g : groups) {
      out.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s %3s %s%n", g[0], g[1],
          g[1].equals("1") ? "member" : "members"));
    }
    return out.toString();
  }

  private static String method(String endpoint) {
    int space = endpoint.indexOf(' ');
    return space < 0 ? "" : endpoint.substring(0, space);
  }

  private static String path(String endpoint) {
    return endpoint.substring(endpoint.indexOf(' ') + 1);
  }
}
