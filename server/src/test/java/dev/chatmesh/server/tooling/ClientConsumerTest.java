package dev.chatmesh.server.tooling;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java client as another project gets it: installed into the local Maven repository, then
 * used by its coordinates from {@code src/test/consumer}, whose program reads a live node's stream.
 */
class ClientConsumerTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void aSeparateProjectDependingOnTheCoordinatesReadsTheStream() throws Exception {
    mvn(ROOT, "install", "-pl", "client", "-am", "-DskipTests");
    Api.Session admin = server.api().signup("Consumers Ltd", "Cem");

    String out = mvn(ROOT.resolve("server/src/test/consumer"), "compile", "exec:java",
        "-Dexec.args=" + server.url() + " " + admin.token() + " " + admin.companyId());

    assertThat(out).containsPattern("event ready \\{.*\"companyId\":" + admin.companyId());
  }

  /** Runs Maven offline in {@code dir} with this JVM's JDK; fails unless it succeeds in 3 min. */
  private static String mvn(Path dir, String... args) throws Exception {
    // The Maven ./test runs with: the one on PATH, else the wrapper.
    boolean onPath = java.util.Arrays.stream(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "mvn")));
    String maven = onPath ? "mvn" : ROOT.resolve("mvnw").toString();
    List<String> command = new ArrayList<>(List.of(maven, "-B", "-ntp", "-q", "-o"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("mvn", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    boolean done = process.waitFor(3, TimeUnit.MINUTES);
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (!done) {
      process.destroyForcibly();
      throw new AssertionError("mvn " + String.join(" ", args) + " took over 3 min:\n" + output);
    }
    assertThat(process.exitValue()).as("mvn %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
