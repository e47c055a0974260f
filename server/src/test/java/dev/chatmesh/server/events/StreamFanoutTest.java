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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A company with more streams than one fan-out slice: a burst still reaches every stream
 * completely, once, in order.
 */
class StreamFanoutTest {

  static final int STREAMS = 1_200;
  static final int EVENTS = 30;
  static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");

  @Test
  void aBurstReachesMoreStreamsThanOneSliceCompletelyAndInOrder() throws Exception {
    try (Node server = Node.sqlite(Map.of("STREAM_LIMIT_PER_ACCOUNT", "5000")).start()) {
      Api api = server.api();
      Api.Session admin = api.signup("Fanout Co", "Fay");
      String key = api.call("POST", "api/api-keys", Map.of("name", "burst"), admin).expect(201)
          .json().get("key").asText();
      Vertx vertx = Vertx.vertx();
      try {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
            new PoolOptions().setHttp1MaxSize(STREAMS));
        List<StringBuilder> received = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(STREAMS);
        for (int i = 0; i < STREAMS; i++) {
          StringBuilder text = new StringBuilder();
          received.add(text);
          client.request(new RequestOptions().setMethod(HttpMethod.GET)
                  .setURI("/api/events/stream")
                  .putHeader("Authorization", "Bearer " + admin.token()))
              .compose(request -> request.send())
              .onSuccess(response -> response.handler(chunk -> {
                synchronized (text) {
                  boolean first = text.indexOf("event: ready") < 0;
                  text.append(chunk.toString());
                  if (first && text.indexOf("event: ready") >= 0) {
                    ready.countDown();
                  }
                }
              }));
        }
        assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
        long head = StreamWireTestSupport.head(server, admin);
        for (int e = 0; e < EVENTS; e++) {
          api.publish(key, "{\"type\":\"burst.tick\",\"topic\":\"burst\",\"data\":{\"n\":" + e
              + "}}").expect(202);
        }
        List<Long> expected = LongStream.rangeClosed(head + 1, head + EVENTS).boxed().toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
            .allMatch(text -> ids(text).size() >= EVENTS));
        for (StringBuilder text : received) {
          assertThat(ids(text)).containsExactlyElementsOf(expected);
        }
        client.close().await(30, TimeUnit.SECONDS);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<Long> ids(StringBuilder text) {
    List<Long> ids = new ArrayList<>();
    synchronized (text) {
      Matcher m = ID.matcher(text);
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
    }
    return ids;
  }
}
