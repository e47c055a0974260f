package dev.chatmesh.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command-line settings shared by every scenario; unset sizes take the scenario's. */
final class Options {

  @Option(names = "--target", split = ",", defaultValue = "chatmesh,reference",
      description = "chatmesh, reference or both (default: ${DEFAULT-VALUE})")
  List<String> targets;

  @Option(names = "--runs", defaultValue = "1",
      description = "repeat each target this many times, interleaved; the table shows medians")
  int runs;

  @Option(names = "--streams", description = "streams to open (scenario default)")
  Integer streams;

  @Option(names = "--companies", description = "companies the streams are spread over")
  Integer companies;

  @Option(names = "--members", description = "members (accounts) per company for streams")
  Integer members;

  @Option(names = "--rate", description = "writes/s in the measured phase; fanout and tenants: "
      + "0 = half the saturation rate measured first")
  Double rate;

  @Option(names = "--seconds", description = "length of each measured phase")
  Integer seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "warm-up seconds (not counted)")
  double warmup;

  @Option(names = "--window", defaultValue = "4",
      description = "closed loop: frames on their way, in multiples of the stream count")
  double window;

  @Option(names = "--payload-bytes", defaultValue = "512",
      description = "size of each published event's data")
  int payloadBytes;

  @Option(names = "--connect-concurrency", defaultValue = "256",
      description = "stream connects in flight at once")
  int connectConcurrency;

  @Option(names = "--client-threads", defaultValue = "2",
      description = "event loops of the load tool's streams")
  int clientThreads;

  @Option(names = "--sources", defaultValue = "0",
      description = "source addresses 127.0.0.1..N (0 = one per 8,000 streams)")
  int sources;

  @Option(names = "--verticles", defaultValue = "2",
      description = "HTTP verticles (event loops) of either server")
  int verticles;

  @Option(names = "--server-jar", defaultValue = "server/target/chatmesh-server.jar",
      description = "the ChatMesh server jar")
  Path serverJar;

  @Option(names = "--server-jvm",
      defaultValue = "-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch",
      description = "JVM options of both servers (default: ${DEFAULT-VALUE}); a fixed, "
          + "pre-touched heap keeps RSS growth to what lives off the heap")
  String serverJvm;

  @Option(names = "--launcher", defaultValue = "./chatmesh",
      description = "open-* scenarios: the script that starts ChatMesh with its own JVM "
          + "settings (default: ${DEFAULT-VALUE}); --server-jvm is not applied to it")
  String launcher;

  @Option(names = "--reference-jvm", defaultValue = "-Xms512m -Xmx2g -XX:+UseG1GC",
      description = "open-* scenarios: JVM options of the reference (default: ${DEFAULT-VALUE})")
  String referenceJvm;

  @Option(names = "--drain-seconds", defaultValue = "10",
      description = "open-* scenarios: how long streams may take to reach the head after the "
          + "last publish was answered")
  double drainSeconds;

  /** Set by the scenario: start each server as its users do and never attach to it. */
  boolean asUsers;

  @Option(names = "--server-env", split = ",",
      description = "extra ChatMesh settings, e.g. STREAM_QUEUE_BYTES=1048576")
  Map<String, String> serverEnvironment;

  @Option(names = "--port", defaultValue = "0", description = "server port (0 = any free one)")
  int port;

  @Option(names = {"--attach-port", "--attach-url"}, defaultValue = "0",
      converter = LoopbackPort.class,
      description = "use a server already listening on 127.0.0.1:PORT instead of starting one "
          + "(one target only); a PORT or a URL http://127.x.x.x:PORT, e.g. nginx in front of "
          + "./chatmesh cluster 3")
  int attachPort;

  /** A port, or the port of a loopback URL: the load tool talks to 127.0.0.0/8 only. */
  static final class LoopbackPort implements picocli.CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (value.matches("\\d+")) {
        return Integer.parseInt(value);
      }
      java.net.URI uri = java.net.URI.create(value);
      if (!"http".equals(uri.getScheme()) || uri.getPort() <= 0 || uri.getHost() == null
          || !uri.getHost().startsWith("127.")) {
        throw new picocli.CommandLine.TypeConversionException(
            "must be a port or http://127.x.x.x:PORT (the load tool talks to loopback only)");
      }
      return uri.getPort();
    }
  }

  @Option(names = "--attach-pid", defaultValue = "0",
      description = "with --attach-port: the server's PID, for its CPU and memory")
  long attachPid;

  @Option(names = "--out", defaultValue = "bench/results",
      description = "where the JSON and HTML reports go")
  Path out;

  List<String> serverJvmOptions() {
    return words(serverJvm);
  }

  /** The reference's JVM options: its users' in the open-* scenarios, else --server-jvm. */
  List<String> referenceJvmOptions() {
    return words(asUsers ? referenceJvm : serverJvm);
  }

  private static List<String> words(String options) {
    return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
  }

  Map<String, String> serverEnv() {
    return serverEnvironment == null ? Map.of() : new LinkedHashMap<>(serverEnvironment);
  }

  /** The java launcher of this JVM, used for the child servers too. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
