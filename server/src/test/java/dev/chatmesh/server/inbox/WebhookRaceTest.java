package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform retrying the same delivery many times at once, as Meta and TikTok do, stores one
 * message and announces it once, on the embedded SQLite file and on PostgreSQL alike.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("engines")
class WebhookRaceTest {

  @Parameter
  Node engine;

  static Node server;
  static Hooks hooks;
  static Api.Session admin;

  static Stream<Node> engines() {
    return Node.onEachEngine();
  }

  @BeforeParameterizedClassInvocation
  static void setUp(Node node) {
    server = node.start();
    hooks = new Hooks(server);
    admin = server.api().signup("Race Co", "Rae Admin");
  }

  @Test
  void twentyConcurrentReplaysOfOneDeliveryStoreOneMessageAndAnnounceItOnce() throws Exception {
    long channel = hooks.channel(admin, "facebook", "3344556677", "race-secret");
    String body = Hooks.fbText("3344556677", "200001", "m_race", "only once",
        1_767_400_000_000L);
    try (SseTap tap = SseTap.open(server, admin);
         ExecutorService pool = Executors.newFixedThreadPool(20)) {
      tap.awaitEvent("ready", Duration.ofSeconds(5));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Res>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(pool.submit(() -> {
          go.await();
          return hooks.facebook(channel, "race-secret", body);
        }));
      }
      go.countDown();
      int stored = 0;
      for (Future<Api.Res> answer : answers) {
        stored += answer.get().expect(200).json().get("stored").asInt();
      }
      assertThat(stored).isEqualTo(1);
      assertThat(hooks.count("messages")).isEqualTo(1);
      assertThat(hooks.count("customers")).isEqualTo(1);
      assertThat(hooks.count("conversations")).isEqualTo(1);
      // A marker after the replays: once it arrived, every replay's events would have too.
      hooks.facebook(channel, "race-secret", Hooks.fbText("3344556677", "200002", "m_marker",
          "marker", 1_767_400_000_001L)).expect(200);
      tap.await(fs -> fs.stream().anyMatch(f -> "message_received".equals(f.event())
          && f.object().get("platformMessageId").asText().equals("m_marker")),
          Duration.ofSeconds(10));
      assertThat(tap.events().stream().filter(f -> "message_received".equals(f.event())
          && f.object().get("platformMessageId").asText().equals("m_race"))).hasSize(1);
      assertThat(tap.events().stream().filter(f -> "customer_created".equals(f.event())))
          .hasSize(2);
    }
  }
}
