package dev.chatmesh.realtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.chatmesh.realtime.TestNode.WAIT;
import static dev.chatmesh.realtime.TestNode.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One stream's continuity rule, resume, filters and endings, on a node without a server. */
class SseStreamTest {

  private static final long COMPANY = 7;
  private TestNode node = new TestNode();

  @AfterEach
  void stop() {
    node.close();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aFreshStreamStartsWithRetryAndReadyAtTheHeadThenGetsWhatFollows() {
    node.history.commit(COMPANY);
    node.history.commit(COMPANY);
    FakeSink sink = node.open(request(COMPANY, 1, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.has("ready"));
    assertThat(sink.raw()).isEqualTo("retry: 2000\n\nevent: ready\n"
        + "data: {\"headId\":\"2\",\"companyId\":7,\"heartbeatMs\":3600000}\n\n");
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> sink.eventIds().equals(List.of(3L)));
  }

  @Test
  void aResumingStreamSendsHistoryThenWhatArrivedMeanwhileOnceEachInOrder() {
    for (int i = 0; i < 5; i++) {
      node.history.commit(COMPANY);
    }
    node.history.hold();
    FakeSink sink = node.open(request(COMPANY, 1, 1L, TopicFilter.ALL));
    // live while the history read is held: 6 and 7 are buffered, and history will hold them too
    node.publish(COMPANY);
    node.publish(COMPANY);
    node.history.open();
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 6);
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 7);
    assertThat(sink.eventIds()).containsExactlyElementsOf(range(2, 8));
  }

  @Test
  void liveEventsBeyondTheCatchUpBufferAreReadFromHistoryInstead() {
    node.close();
    node = new TestNode(64 * 1024, 500, 2);
    node.history.commit(COMPANY);
    node.history.hold();
    FakeSink sink = node.open(request(COMPANY, 1, 0L, TopicFilter.ALL));
    for (int i = 0; i < 6; i++) {
      node.publish(COMPANY);
    }
    node.history.open();
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 7);
    assertThat(sink.eventIds()).containsExactlyElementsOf(range(1, 7));
    assertThat(node.history.reads()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aResumeReadsHistoryInBatchesUntilItReachesTheHead() {
    node.close();
    node = new TestNode(64 * 1024, 3, 10_000);
    for (int i = 0; i < 10; i++) {
      node.history.commit(COMPANY);
    }
    FakeSink sink = node.open(request(COMPANY, 1, 0L, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 10);
    assertThat(sink.eventIds()).containsExactlyElementsOf(range(1, 10));
  }

  @Test
  void aStreamGetsOnlyTheTopicsItAskedForAndStillResumesPastTheOthers() {
    FakeSink sink = node.open(request(COMPANY, 1, null, new TopicFilter(Set.of("notes"))));
    await().atMost(WAIT).until(() -> sink.has("ready"));
    node.hub.publish(node.history.commit(COMPANY, "customer_created", "customers", null, null));
    node.hub.publish(node.history.commit(COMPANY, "note_created", "notes", null, null));
    node.hub.publish(node.history.commit(COMPANY, "customer_updated", "customers", null, null));
    node.hub.publish(node.history.commit(COMPANY, "note_updated", "notes", null, null));
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 2);
    assertThat(sink.frames()).extracting(FakeSink.Sent::event)
        .containsExactly("ready", "note_created", "note_updated");
    assertThat(sink.eventIds()).containsExactly(2L, 4L);
  }

  @Test
  void aTargetedEventReachesOnlyItsRecipient() {
    FakeSink recipient = node.open(request(COMPANY, 1, null, TopicFilter.ALL));
    FakeSink other = node.open(request(COMPANY, 2, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> recipient.has("ready") && other.has("ready"));
    node.hub.publish(node.history.commit(COMPANY, "notification_created", "notifications", 1L,
        null));
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> other.eventIds().size() == 1
        && recipient.eventIds().size() == 2);
    assertThat(recipient.eventIds()).containsExactly(1L, 2L);
    assertThat(other.eventIds()).containsExactly(2L);
  }

  @Test
  void anEventThatRevokesTheMemberEndsTheirStreamWithARevokedFrame() {
    FakeSink removed = node.open(request(COMPANY, 1, null, TopicFilter.ALL));
    FakeSink stays = node.open(request(COMPANY, 2, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> removed.has("ready") && stays.has("ready"));
    node.hub.publish(node.history.commit(COMPANY, "employee_deleted", "employees", null, 1L));
    await().atMost(WAIT).until(removed::ended);
    FakeSink.Sent last = removed.frames().getLast();
    assertThat(last).isEqualTo(new FakeSink.Sent(null, "revoked",
        "{\"reason\":\"membership_ended\"}"));
    assertThat(removed.eventIds()).containsExactly(1L);
    await().atMost(WAIT).until(() -> node.hub.stats(COMPANY).streams() == 1);
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> stays.eventIds().size() == 2);
    assertThat(removed.eventIds()).containsExactly(1L);
    assertThat(stays.ended()).isFalse();
  }

  @Test
  void aLogoutRevokesTheSessionsStreamsWithTheReason() {
    FakeSink sink = node.open(request(COMPANY, 1, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.has("ready"));
    node.hub.revoke(r -> r.sessionId().equals("session-1"), "logged_out");
    await().atMost(WAIT).until(sink::ended);
    assertThat(sink.frames().getLast().data()).isEqualTo("{\"reason\":\"logged_out\"}");
    await().atMost(WAIT).until(() -> node.hub.openStreams() == 0);
    assertThat(node.hub.openSessions()).isEmpty();
  }

  @Test
  void aStreamWithMoreThanQueueBytesUnsentIsDroppedAndCountedOut() {
    node.close();
    node = new TestNode(4096, 500, 10_000);
    FakeSink slow = node.open(request(COMPANY, 1, null, TopicFilter.ALL), new FakeSink().stall());
    FakeSink fast = node.open(request(COMPANY, 2, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> fast.has("ready"));
    for (int i = 0; i < 40; i++) {
      node.publish(COMPANY);
    }
    await().atMost(WAIT).until(slow::dropped);
    await().atMost(WAIT).until(() -> fast.eventIds().size() == 40);
    assertThat(node.registry.counter("chatmesh.streams.slow.disconnects").count()).isEqualTo(1);
    await().atMost(WAIT).until(() -> node.hub.openStreams() == 1);
  }

  @Test
  void aResumeFromAnIdOlderThanTheHistoryKeptGetsAResetAtTheHead() {
    for (int i = 0; i < 5; i++) {
      node.history.commit(COMPANY);
    }
    node.history.truncate(COMPANY, 3);
    FakeSink sink = node.open(request(COMPANY, 1, 1L, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.has("reset"));
    assertThat(sink.frames()).containsExactly(
        new FakeSink.Sent(null, "ready", "{\"headId\":\"5\",\"companyId\":7,\"heartbeatMs\":3600000}"),
        new FakeSink.Sent("5", "reset", "{\"reason\":\"history_truncated\",\"headId\":\"5\"}"));
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> sink.eventIds().equals(List.of(6L)));
  }

  @Test
  void aResumeFromAnIdBeyondTheHeadGetsAReset() {
    node.history.commit(COMPANY);
    FakeSink sink = node.open(request(COMPANY, 1, 99L, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.has("reset"));
    assertThat(sink.frames().getLast())
        .isEqualTo(new FakeSink.Sent("1", "reset", "{\"reason\":\"history_truncated\",\"headId\":\"1\"}"));
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> sink.eventIds().equals(List.of(2L)));
  }

  @Test
  void aGapInLiveEventsIsReadFromHistoryBeforeTheLaterEvent() {
    FakeSink sink = node.open(request(COMPANY, 1, null, TopicFilter.ALL));
    await().atMost(WAIT).until(() -> sink.has("ready"));
    node.publish(COMPANY);
    node.history.commit(COMPANY);
    node.history.commit(COMPANY);
    node.publish(COMPANY);
    await().atMost(WAIT).until(() -> sink.eventIds().size() >= 4);
    assertThat(sink.eventIds()).containsExactly(1L, 2L, 3L, 4L);
  }
}
