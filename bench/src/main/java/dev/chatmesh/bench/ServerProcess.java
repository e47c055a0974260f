package dev.chatmesh.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started by the tool as a child JVM (or an already running one named by
 * its PID). Reads its CPU time and resident memory from {@code /proc}, and its heap after a
 * full GC through the JDK's attach API. Stops only the process it started, by that process's
 * handle.
 */
final class ServerProcess implements AutoCloseable {

  private static final long CLOCK_TICKS = 100;

  final long pid;
  final int port;
  private final Process process;
  private JMXConnector jmx;
  private MemoryMXBean memory;
  private Path scratch;

  private ServerProcess(long pid, int port, Process process) {
    this.pid = pid;
    this.port = port;
    this.process = process;
  }

  /** Starts {@code command} with {@code env} added, logging to {@code log}; waits for ready. */
  static ServerProcess start(List<String> command, Map<String, String> env, int port,
                             String readyPath, Path log) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    ServerProcess server = new ServerProcess(process.pid(), port, process);
    server.awaitReady(readyPath, log);
    return server;
  }

  /** Deletes {@code dir} (the server's fresh data directory) once the server has stopped. */
  ServerProcess deleteOnClose(Path dir) {
    this.scratch = dir;
    return this;
  }

  /** A server the tool did not start: measured, never stopped. */
  static ServerProcess attach(long pid, int port) {
    return new ServerProcess(pid, port, null);
  }

  private void awaitReady(String path, Path log) throws InterruptedException, IOException {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          // a child that failed to bind may live a moment longer than the answer of whatever
          // else listens there: make sure it is ours that stays up
          Thread.sleep(500);
          if (!process.isAlive()) {
            throw new IOException("server exited with " + process.exitValue() + "; see " + log);
          }
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    close();
    throw new IOException("server did not become ready in 90 s; see " + log);
  }

  /** User plus system CPU seconds the process has used so far. */
  double cpuSeconds() {
    return cpuSeconds(Path.of("/proc/" + pid + "/stat"));
  }

  /** This JVM's own CPU seconds (the load tool's cost, reported beside the server's). */
  static double selfCpuSeconds() {
    return cpuSeconds(Path.of("/proc/self/stat"));
  }

  /** Resident set size in bytes. */
  long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Open file descriptors of the process (sockets included). */
  long openFiles() {
    try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return list.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Heap in use right after a full GC, in bytes; -1 when the JVM cannot be attached. */
  long heapAfterGc() {
    if (pid == ProcessHandle.current().pid()) {
      return -1;
    }
    try {
      if (memory == null) {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address = vm.startLocalManagementAgent();
        vm.detach();
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection connection = jmx.getMBeanServerConnection();
        memory = ManagementFactory.newPlatformMXBeanProxy(connection,
            ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
      }
      memory.gc();
      return memory.getHeapMemoryUsage().getUsed();
    } catch (Exception e) {
      System.err.println("cannot read the heap of " + pid + ": " + e);
      return -1;
    }
  }

  private static double cpuSeconds(Path stat) {
    try {
      String text = Files.readString(stat);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // after the command: state is field 3, utime 14, stime 15 (1-based in proc(5))
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Stops the process if the tool started it: SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() {
    try {
      if (jmx != null) {
        jmx.close();
      }
    } catch (IOException e) {
      // the process is going away anyway
    }
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (scratch != null && !process.isAlive()) {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not delete " + scratch + ": " + e.getMessage());
      }
    }
  }
}
