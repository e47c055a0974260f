package dev.chatmesh.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads: the access log and the metrics families of a running node. */
class ObservabilityTest {

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void eachRequestGetsOneAccessLineWithoutQueryOrHeaderSecrets() {
    Logger access = (Logger) LoggerFactory.getLogger("dev.chatmesh.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level before = access.getLevel();
    access.setLevel(Level.INFO);
    access.addAppender(lines);
    try {
      Api.Session admin = server.api().signup("Logged Ltd", "Lena");
      server.api().call("GET", "api/customers?q=secret-search&token=tok-in-query", null, admin)
          .expect(200);
      server.api().send(server.api().request("webhooks/facebook/1")
          .header("X-Hub-Signature-256", "sha256=deadbeef")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());

      org.awaitility.Awaitility.await().until(() -> lines.list.size() >= 3);
      String customers = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.startsWith("GET /api/customers ")).findFirst().orElseThrow();
      assertThat(customers).matches("GET /api/customers 200 \\d+ ms company "
          + admin.companyId());
      assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage))
          .anyMatch(m -> m.startsWith("POST /webhooks/facebook/1 404 "))
          .noneMatch(m -> m.contains("tok-in-query") || m.contains("secret-search")
              || m.contains("deadbeef") || m.contains(admin.token()));
      ILoggingEvent event = lines.list.stream()
          .filter(e -> e.getFormattedMessage().startsWith("GET /api/customers ")).findFirst()
          .orElseThrow();
      assertThat(event.getKeyValuePairs()).extracting(kv -> kv.key)
          .containsExactly("method", "path", "status", "durationMs", "companyId");
    } finally {
      access.detachAppender(lines);
      access.setLevel(before);
    }
  }

  @Test
  void metricsShowGcFileDescriptorsThePoolsHttpRequestsAndVertx() {
    Api.Session admin = server.api().signup("Metered Ltd", "Mia");
    long id = server.api().call("POST", "api/customers", Map.of("name", "Ha"), admin).id();
    server.api().call("GET", "api/customers/" + id, null, admin).expect(200);
    String text = server.api().call("GET", "metrics", null, null).expect(200).body();
    assertThat(text).contains("jvm_gc_", "process_files_open_files", "process_files_max_files",
        "hikaricp_connections_active", "hikaricp_connections_acquire_seconds",
        "http_server_requests_seconds_count{method=\"GET\",route=\"/api/customers/:id\",status=\"200\"}",
        // Vert.x's own: how long blocking work waited for a worker.
        "vertx_pool_queue_time_seconds_count{pool_name=\"vert.x-worker-thread\",pool_type=\"worker\"}");
  }

  @Test
  void metricsNameNoCompanyWhileItsStreamsAreOpen() {
    Api.Session admin = server.api().signup("Private Metrics Co", "Pia");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", java.time.Duration.ofSeconds(10));
      String text = server.api().call("GET", "metrics", null, null).expect(200).body();
      assertThat(text).contains("chatmesh_streams_open");
      assertThat(text).doesNotContain("company=").doesNotContain("chatmesh_streams_company");
    }
  }

  @Test
  void corsIsOffUnlessOriginsAreConfigured() {
    Api.Res res = server.api().call("GET", "health/live", null, null,
        Map.of("Origin", "http://elsewhere.test"));
    assertThat(res.headers().firstValue("access-control-allow-origin")).isEmpty();
  }
}
