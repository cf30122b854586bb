package io.scimsync.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo in-process: the daemon on an embedded PostgreSQL, the fake server, the summary. */
class DemoIT {
  @TempDir
  Path dataDir;

  @Test
  void syncsTheSampleDirectory_andSummarisesWhatWasSent() throws Exception {
    StringWriter text = new StringWriter();
    boolean converged;
    try (Demo demo = Demo.start(dataDir, new PrintWriter(text, true))) {
      converged = demo.run();
      demo.printKeepInfo();
    }

    String output = text.toString();
    assertThat(converged).as(output).isTrue();
    assertThat(output)
        .contains("directory: 50 users and 6 groups written through the admin API")
        .contains("converged in")
        .containsPattern("POST +/Users +50\\b")
        .containsPattern("POST +/Groups +6\\b")
        .contains("R&D \"Labs\"")
        .containsPattern("Everyone +50 members")
        .contains(", 0 failed")
        .contains("/api/v1/providers/demo/status");
  }
}
