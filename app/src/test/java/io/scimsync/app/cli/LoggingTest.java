package io.scimsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LoggingTest {
  private static final URL LOGBACK_XML = Logging.class.getClassLoader().getResource("logback.xml");

  /** Runs {@code body} against logback.xml in a context of its own, returning what it printed. */
  private static String logWith(Map<String, String> properties, Consumer<LoggerContext> body) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      // logback's console appender looks System.out up on every write, so this catches it
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Logging.reload(context, LOGBACK_XML, properties);
      body.accept(context);
    } finally {
      context.stop();
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesOneJsonObjectPerLine_whenTheFormatIsJson() throws Exception {
    String output = logWith(Map.of(Logging.FORMAT_PROPERTY, "json",
        Logging.LEVEL_PROPERTY, "INFO"), context -> context.getLogger("io.scimsync.Test")
        .info("synced {} with \"quotes\"", "group 'g1'"));

    String[] lines = output.strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("io.scimsync.Test");
    assertThat(line.path("formattedMessage").asText())
        .isEqualTo("synced group 'g1' with \"quotes\"");
    assertThat(line.has("timestamp")).isTrue();
  }

  @Test
  void writesTextLines_whenTheFormatIsText() {
    String output = logWith(Map.of(Logging.FORMAT_PROPERTY, "text"), context -> context.getLogger("io.scimsync.Test")
        .info("hello"));

    assertThat(output).matches("(?s)\\d{4}-\\d{2}-\\d{2} [0-9:,]+ INFO  \\[[^]]+] "
        + "io\\.scimsync\\.Test - hello\\R");
  }

  @Test
  void dropsInfo_whenTheRootLevelIsWarn() {
    String output = logWith(Map.of(Logging.LEVEL_PROPERTY, "WARN"), context -> {
      context.getLogger("io.scimsync.Test").info("quiet");
      context.getLogger("io.scimsync.Test").warn("loud");
    });

    assertThat(output).doesNotContain("quiet").contains("loud");
  }

  @Test
  void quietsNoisyLibraries() {
    String output = logWith(Map.of(), context -> {
      context.getLogger("com.zaxxer.hikari.HikariDataSource").info("pool started");
      context.getLogger("org.flywaydb.core.Flyway").info("migrated");
      context.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres").info("pg up");
      context.getLogger("org.jooq.Constants").info("banner");
    });

    assertThat(output).isEmpty();
  }
}
