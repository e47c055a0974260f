package dev.chatmesh.server.tooling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code ./test} on a machine without Chromium, simulated with a PATH that holds
 * every other tool the suite needs: it names what is missing and how to install it, at once,
 * or (as root with apt-get) installs it.
 */
class TestCommandTest {

  private static final Path SCRIPT = Path.of("..", "test").toAbsolutePath().normalize();
  private static final List<String> PRESENT = List.of("mvn", "node", "npm", "nginx", "psql",
      "pg_isready", "redis-server", "redis-cli");

  @TempDir
  Path bin;

  @Test
  void withoutChromiumAndNoWayToInstallItStopsAtOnceWithOneLineNamingTheInstallCommand()
      throws Exception {
    linkTools();

    Result result = run();

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.stderr().lines()).containsExactly("./test: the test suite needs chromium "
        + "chromium-driver, not found on PATH; install with: sudo apt-get install chromium "
        + "chromium-driver");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void withoutChromiumAsRootItAsksAptGetForChromiumAndItsDriver() throws Exception {
    linkTools();
    Path log = bin.resolve("apt.log");
    // A stand-in that records what it was asked and fails, so nothing is really installed.
    Path apt = Files.writeString(bin.resolve("apt-get"), "#!/bin/bash\necho \"$*\" >> " + log
        + "\nexit 100\n");
    Files.setPosixFilePermissions(apt, PosixFilePermissions.fromString("rwxr-xr-x"));

    Result result = run();

    assertThat(result.status()).isEqualTo(1);
    if (isRoot()) {
      assertThat(Files.readAllLines(log)).containsExactly("update -qq");
      assertThat(result.stderr().lines()).containsExactly(
          "./test: installing chromium chromium-driver with apt-get",
          "./test: could not install chromium chromium-driver; install them with: apt-get "
              + "install chromium chromium-driver");
    } else {
      assertThat(log).doesNotExist();
      assertThat(result.stderr()).contains("sudo apt-get install chromium chromium-driver");
    }
  }

  private void linkTools() throws IOException {
    for (String tool : PRESENT) {
      Path real = which(tool);
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
  }

  private static Path which(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is not on PATH, though ./test ensures it");
  }

  private static boolean isRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    return new String(id.getInputStream().readAllBytes()).strip().equals("0");
  }

  /** Runs the script with PATH = only {@link #bin}; fails unless it ends within 5 seconds. */
  private Result run() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString());
    builder.environment().put("PATH", bin.toString());
    builder.environment().remove("TEST_POSTGRES_URL");
    Path out = bin.resolve("stdout");
    Path err = bin.resolve("stderr");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./test did not stop within 5 s: " + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private record Result(int status, String stdout, String stderr) {
  }
}
