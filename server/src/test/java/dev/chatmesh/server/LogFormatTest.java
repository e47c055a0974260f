package dev.chatmesh.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's own logback.xml: with {@code LOG_FORMAT=json} every line is one JSON object. */
class LogFormatTest {

  @Test
  void withLogFormatJsonEveryLineParsesAsJsonWithLevelLoggerAndMessage() throws Exception {
    List<String> lines = logWith("json");
    assertThat(lines).hasSize(2);
    JsonNode first = Json.read(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("loggerName").asText()).isEqualTo("dev.chatmesh.test");
    assertThat(first.path("formattedMessage").asText()).isEqualTo("node started on port 8080");
    assertThat(Json.read(lines.get(1)).path("level").asText()).isEqualTo("WARN");
  }

  @Test
  void byDefaultLinesAreText() throws Exception {
    assertThat(logWith(null)).singleElement().satisfies(line -> assertThat(line)
        .contains("INFO").endsWith("- node started on port 8080")).isNotNull();
  }

  /** Configures a private logger context from logback.xml and logs two lines to a captured stdout. */
  private static List<String> logWith(String format) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LoggerContext context = new LoggerContext();
      context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
      if (format != null) {
        context.putProperty("LOG_FORMAT", format);
      }
      context.putProperty("LOG_LEVEL", "INFO");
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      context.getLogger("dev.chatmesh.test").info("node started on port {}", 8080);
      if (format != null) {
        context.getLogger("dev.chatmesh.test").warn("slow \"stream\"\nnext line");
      }
      context.getLogger("dev.chatmesh.test").debug("not shown");
            context.stop();
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
