package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.FakePlatform;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped as SIGTERM stops it drains: from the first moment {@code /health/ready} answers
 * 503 {@code DRAINING}, so a balancer sends it nothing new, and it still finishes the reply it
 * is sending, so that reply is recorded as sent, once, and nothing is left in the queue.
 */
class DrainTest {

  private final FakePlatform platform = new FakePlatform();
  private final Node server = Node.sqlite(platform.settings()).start();

  @AfterEach
  void stop() {
    server.close();
    platform.close();
  }

  @Test
  void aStoppingNodeAnswersDrainingWhileItFinishesTheSendInFlight() throws Exception {
    Api.Session admin = server.api().signup("Drain Co", "Dora");
    Inbox.Thread thread = Inbox.open(server, admin, Platform.FACEBOOK, "page-token");
    server.api().call("GET", "health/ready", null, null).expect(200);
    platform.hold();
    long reply = Inbox.reply(server, admin, thread, "Sent while the node drains");
    await().atMost(Duration.ofSeconds(20)).until(() -> !platform.requests().isEmpty());

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        server.api().call("GET", "health/ready", null, null).status() == 503);
    assertThat(server.api().call("GET", "health/ready", null, null).json().get("status").asText())
        .isEqualTo("DRAINING");
    assertThat(stopping).as("the send in flight holds the stop").isNotDone();

    platform.release();
    stopping.get(20, TimeUnit.SECONDS);
    server.start();
    assertThat(Inbox.message(server, admin.companyId(), reply).deliveryStatus()).isEqualTo("sent");
    assertThat(Inbox.queued(server)).isZero();
    assertThat(platform.sends("Sent while the node drains")).isEqualTo(1);
  }
}
