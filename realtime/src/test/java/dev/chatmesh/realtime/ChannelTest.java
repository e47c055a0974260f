package dev.chatmesh.realtime;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A company's channel puts broker deliveries back in sequence order before the shards. */
class ChannelTest {

  private static final long COMPANY = 7;
  private final Vertx vertx = Vertx.vertx();
  private final FakeHistory history = new FakeHistory();
  private final List<Long> emitted = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    TestNode.join(vertx.close());
  }

  private Channel channel(Duration gapHold) {
    Channel channel = new Channel(COMPANY, vertx, new HistoryReads(vertx, history), gapHold, 500);
    channel.addShard(frame -> emitted.add(frame.event().seq()));
    return channel;
  }

  @Test
  void eventsThatArriveOutOfOrderLeaveInSequenceOrder() {
    Channel channel = channel(Duration.ofSeconds(30));
    List<Event> events = List.of(history.commit(COMPANY), history.commit(COMPANY),
        history.commit(COMPANY), history.commit(COMPANY));
    channel.accept(events.get(0));
    channel.accept(events.get(3));
    channel.accept(events.get(2));
    assertThat(emitted).containsExactly(1L);
    channel.accept(events.get(1));
    assertThat(emitted).containsExactly(1L, 2L, 3L, 4L);
    assertThat(history.reads()).isZero();
  }

  @Test
  void aLaterEventIsHeldThenTheMissingOneIsReadFromHistory() {
    Channel channel = channel(Duration.ofMillis(50));
    Event first = history.commit(COMPANY);
    history.commit(COMPANY);
    Event third = history.commit(COMPANY);
    channel.accept(first);
    channel.accept(third);
    assertThat(emitted).containsExactly(1L);
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 3);
    assertThat(emitted).containsExactly(1L, 2L, 3L);
    assertThat(channel.settledHead()).isEqualTo(3);
  }

  @Test
  void duplicatesAreDropped() {
    Channel channel = channel(Duration.ofSeconds(30));
    Event first = history.commit(COMPANY);
    Event second = history.commit(COMPANY);
    channel.accept(first);
    channel.accept(first);
    channel.accept(second);
    channel.accept(first);
    channel.accept(second);
    assertThat(emitted).containsExactly(1L, 2L);
  }

  @Test
  void aGapThatRetentionRemovedIsSkippedInsteadOfStallingTheCompany() {
    Channel channel = channel(Duration.ofMillis(50));
    Event first = history.commit(COMPANY);
    history.commit(COMPANY);
    Event third = history.commit(COMPANY);
    history.truncate(COMPANY, 2);
    channel.accept(first);
    channel.accept(third);
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 2);
    assertThat(emitted).containsExactly(1L, 3L);
  }

  @Test
  void anEventCommittedButNeverPublishedIsReadWhenTheRelayReportsTheHead() {
    Channel channel = channel(Duration.ofSeconds(30));
    Event first = history.commit(COMPANY);
    history.commit(COMPANY);
    channel.accept(first);
    channel.observeHead(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 2);
    assertThat(emitted).containsExactly(1L, 2L);
  }
}
