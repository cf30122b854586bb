package io.scimsync.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** A small client of the admin API that turns every way of failing into a {@link CliFailure}. */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final String token;
  private final HttpClient http;

  AdminClient(URI baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A 2xx answer's body; a 404 means there is no such provider. */
  String send(String method, String path, String provider, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new CliFailure(1, "the daemon at " + baseUrl + " did not answer " + method + " " + path
          + " within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      if (refused(e)) {
        throw new CliFailure(1, "no daemon answers at " + baseUrl
            + " (is `scimsync run` running?)");
      }
      throw new CliFailure(1, "cannot reach the daemon at " + baseUrl + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(1, "interrupted");
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new CliFailure(1, "the admin token was refused (HTTP " + status + ")");
    }
    if (status == 404) {
      throw new CliFailure(1, "no provider '" + provider + "' at " + baseUrl);
    }
    if (status / 100 != 2) {
      throw new CliFailure(1, "the daemon answered " + method + " " + path + " with HTTP "
          + status + errorDetail(response.body()));
    }
    return response.body();
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CliFailure(1, "the daemon's answer is not JSON: " + abbreviate(body));
    }
  }

  private static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static String errorDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return ": " + node.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: show the start of it
    }
    return ": " + abbreviate(body);
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 197) + "..." : oneLine;
  }
}
