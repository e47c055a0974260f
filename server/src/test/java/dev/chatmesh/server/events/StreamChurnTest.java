package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Thousands of streams opened and closed leave nothing registered behind. */
class StreamChurnTest {

  static final int STREAMS = 5_000;
  static final int AT_ONCE = 1_000;

  @Test
  void fiveThousandStreamsOpenedAndClosedLeaveZeroRegisteredConnections() throws Exception {
    try (Node server = Node.sqlite(Map.of("STREAM_LIMIT_PER_ACCOUNT", "10000")).start()) {
      Api.Session admin = server.api().signup("Churn Co", "Chu");
      Vertx vertx = Vertx.vertx();
      try {
        AtomicInteger ready = new AtomicInteger();
        for (int batch = 0; batch < STREAMS / AT_ONCE; batch++) {
          HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                  .setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
              new PoolOptions().setHttp1MaxSize(AT_ONCE));
          CountDownLatch opened = new CountDownLatch(AT_ONCE);
          for (int i = 0; i < AT_ONCE; i++) {
            client.request(new RequestOptions().setMethod(HttpMethod.GET)
                    .setURI("/api/events/stream")
                    .putHeader("Authorization", "Bearer " + admin.token()))
                .compose(request -> request.send())
                .onSuccess(response -> response.handler(chunk -> {
                  if (chunk.toString().contains("event: ready")) {
                    ready.incrementAndGet();
                    opened.countDown();
                  }
                }));
          }
          assertThat(opened.await(60, TimeUnit.SECONDS)).as("batch %d opened", batch).isTrue();
          assertThat(server.app().hub().openStreams()).isEqualTo(AT_ONCE);
          client.close().await(30, TimeUnit.SECONDS);
          await().atMost(Duration.ofSeconds(20))
              .until(() -> server.app().hub().openStreams() == 0);
        }
        assertThat(ready.get()).isEqualTo(STREAMS);
        assertThat(server.app().hub().activeCompanies()).isZero();
        assertThat(server.app().hub().stats(admin.companyId()).streamsByMember()).isEmpty();
        String metrics = server.api().call("GET", "metrics", null, null).expect(200).body();
        assertThat(metrics).contains("chatmesh_streams_open 0.0");
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }
}
