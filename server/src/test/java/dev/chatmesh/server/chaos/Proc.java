package dev.chatmesh.server.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process a chaos test started, with its output in a log file; it is stopped by its own
 * PID only, never by name.
 */
final class Proc {

  private final String name;
  private final Process process;

  private Proc(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code command} with {@code env} added to this process's environment. */
  static Proc start(String name, List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return new Proc(name, builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code command} to its end; a non-zero exit fails. */
  static void run(String name, List<String> command, Path log) {
    Proc proc = start(name, command, Map.of(), log);
    try {
      if (!proc.process.waitFor(120, TimeUnit.SECONDS) || proc.process.exitValue() != 0) {
        proc.process.destroyForcibly();
        throw new IllegalStateException(name + " failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted");
    }
  }

  /** The command prefix that runs a program as the postgres user when we are root. */
  static List<String> asDatabaseUser() {
    return "root".equals(System.getProperty("user.name"))
        ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups")
        : List.of();
  }

  /** A loopback port free right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** Sends {@code signal} (e.g. "INT", "TERM") and waits for the process to end. */
  void stop(String signal) {
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (IOException e) {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + pid() + ") did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
