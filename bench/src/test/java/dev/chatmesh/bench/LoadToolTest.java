package dev.chatmesh.bench;

import dev.chatmesh.server.App;
import dev.chatmesh.server.Config;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny fan-out through the real tool against a real in-process ChatMesh node and the
 * reference broadcaster: every stream opens, every frame arrives once and in order, and the
 * reports are written. Figures are not judged here; that is what the tool prints them for.
 */
class LoadToolTest {

  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aSmallFanoutAgainstChatMeshDeliversEveryFrameOnceAndInOrder() throws Exception {
    App app = startNode();

    JsonObject run = runOnce("chatmesh", app.port());

    assertThat(run.getJsonObject("connect").getInteger("open")).isEqualTo(20);
    JsonObject ledger = run.getJsonObject("ledger");
    assertThat(ledger.getLong("framesReceived")).isGreaterThan(0);
    assertThat(ledger.getLong("lost")).isZero();
    assertThat(ledger.getLong("duplicated")).isZero();
    assertThat(ledger.getLong("reordered")).isZero();
    assertThat(run.getJsonObject("writes").getLong("failed")).isZero();
    assertThat(run.getJsonArray("phases").getJsonObject(0)
        .getJsonObject("latencyMicros").getLong("count")).isGreaterThan(0);
  }

  @Test
  void theReferenceBroadcasterDeliversEveryFrameOnceAndInOrder() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int listen = port;
    vertx.deployVerticle(() -> new Reference(listen), new DeploymentOptions().setInstances(2))
        .await(30, TimeUnit.SECONDS);

    JsonObject run = runOnce("reference", port);

    JsonObject ledger = run.getJsonObject("ledger");
    assertThat(ledger.getLong("framesReceived")).isGreaterThan(0);
    assertThat(ledger.getLong("lost")).isZero();
    assertThat(ledger.getLong("duplicated")).isZero();
    assertThat(ledger.getLong("reordered")).isZero();
  }

  @Test
  void theOpenLoopPublishesEveryOfferedEventOneAfterAnotherPerCompany() throws Exception {
    App app = startNode();
    Options options = CommandLine.populateCommand(new Options(), "--target", "chatmesh",
        "--attach-port", Integer.toString(app.port()), "--streams", "12", "--companies", "3",
        "--rate", "20", "--seconds", "1", "--warmup", "0", "--out",
        dir.resolve("out").toString());

    JsonObject report = Main.run(Scenario.OPEN_TENANTS, options, "test");

    JsonObject run = report.getJsonArray("runs").getJsonObject(0);
    JsonObject open = run.getJsonArray("phases").getJsonObject(0);
    assertThat(open.getString("name")).isEqualTo("open");
    assertThat(open.getInteger("publishesAnswered")).isEqualTo(20);
    assertThat(run.getJsonObject("writes").getLong("failed")).isZero();
    JsonObject ledger = run.getJsonObject("ledger");
    // 20 publishes round-robin over 3 companies of 4 streams: 7 + 7 + 6 events, 4 streams each
    assertThat(ledger.getLong("framesReceived")).isEqualTo(80);
    assertThat(ledger.getLong("lost")).isZero();
    assertThat(ledger.getLong("duplicated")).isZero();
    assertThat(ledger.getLong("reordered")).isZero();
  }

  private JsonObject runOnce(String target, int port) throws Exception {
    Options options = CommandLine.populateCommand(new Options(), "--target", target,
        "--attach-port", Integer.toString(port), "--streams", "20", "--members", "1",
        "--seconds", "1", "--warmup", "0", "--out", dir.resolve("out").toString());
    JsonObject report = Main.run(Scenario.FANOUT, options, "test");
    assertThat(report.getJsonArray("runs")).hasSize(1);
    assertThat(dir.resolve("out")).isNotEmptyDirectory();
    return report.getJsonArray("runs").getJsonObject(0);
  }

  /** A ChatMesh node in this JVM on port 0, on SQLite in the test's directory. */
  private App startNode() throws Exception {
    return App.start(vertx, App.registry(), Config.from(Map.of("PORT", "0", "HOST", "127.0.0.1",
            "DATA_DIR", dir.resolve("data").toString(), "HTTP_VERTICLES", "2",
            "STREAM_LIMIT_PER_ACCOUNT", "1000", "LOG_LEVEL", "WARN")), false)
        .await(60, TimeUnit.SECONDS);
  }
}
