package dev.chatmesh.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts one node from the environment ({@link Config}); {@code --demo} also loads a small
 * demo company and sends agents' replies to a built-in platform sandbox; {@code webhook …}
 * instead sends one signed platform delivery to a running node. Stops gracefully on
 * SIGTERM/SIGINT: streams are ended so clients reconnect.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("webhook")) {
      System.exit(dev.chatmesh.server.inbox.WebhookCommand.run(List.of(args).subList(1,
          args.length)));
      return;
    }
    Config config;
    try {
      config = Config.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    boolean demo = List.of(args).contains("--demo");
    PrometheusMeterRegistry metrics = App.registry();
    Vertx vertx = App.vertx(metrics);
    App app;
    try {
      // The demo's replies go to the node's own platform sandbox, so their ticks move.
      app = App.start(vertx, metrics, config, demo).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.error("ChatMesh could not start", e);
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.stop().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("unclean shutdown", e);
      }
    }, "chatmesh-shutdown"));
    String url = "http://localhost:" + app.port() + "/";
    if (demo) {
      new Demo(url).load();
    }
    System.out.println("ChatMesh is running at " + url + "  (Ctrl+C stops it)");
  }
}
