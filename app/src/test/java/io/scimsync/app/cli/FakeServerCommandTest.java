package io.scimsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FakeServerCommandTest {
  /** Collects output and opens a latch once the server says where it listens. */
  private static final class Listening extends Writer {
    final StringBuffer text = new StringBuffer();
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public void write(char[] buffer, int offset, int length) {
      text.append(buffer, offset, length);
      if (text.indexOf("listening on ") >= 0 && text.indexOf("\n") >= 0) {
        started.countDown();
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }

  @Test
  void servesScimWithTheGivenTokenAndFaults_untilStopped() throws Exception {
    Listening out = new Listening();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(Map.of())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
    FakeServerCommand command = commandLine.getSubcommands().get("fake-server").getCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
        "fake-server", "--profile", "aws", "--token", "t0k", "--base-path", "/scim",
        "--fault", "DELETE /Users/* status=503"));
    try {
      assertThat(out.started.await(60, TimeUnit.SECONDS)).as("started; stderr: %s", err).isTrue();
      Matcher url = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/scim) "
          + "\\(profile aws, bearer token required\\)").matcher(out.text);
      assertThat(url.find()).as(out.text.toString()).isTrue();
      HttpClient http = HttpClient.newHttpClient();

      assertThat(get(http, url.group(1) + "/Users", "t0k").statusCode()).isEqualTo(200);
      assertThat(get(http, url.group(1) + "/Users", "other").statusCode()).isEqualTo(401);
      HttpResponse<String> faulty = http.send(HttpRequest.newBuilder(
              URI.create(url.group(1) + "/Users/x")).DELETE()
          .header("Authorization", "Bearer t0k").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(faulty.statusCode()).isEqualTo(503);
    } finally {
      if (command.stopSignal != null) {
        command.stopSignal.stop();
      }
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
