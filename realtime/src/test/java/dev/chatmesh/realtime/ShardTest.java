package dev.chatmesh.realtime;

import io.vertx.core.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static dev.chatmesh.realtime.TestNode.WAIT;
import static dev.chatmesh.realtime.TestNode.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fan-out of one event loop: slices of streams, order per stream, many companies. */
class ShardTest {

  private static final long COMPANY = 7;
  private final TestNode node = new TestNode();

  @AfterEach
  void stop() {
    node.close();
  }

  private List<FakeSink> openReady(long company, int count, long firstMember) {
    List<FakeSink> sinks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sinks.add(node.open(request(company, firstMember + i, null, TopicFilter.ALL)));
    }
    await().atMost(WAIT).until(() -> sinks.stream().allMatch(s -> s.has("ready")));
    return sinks;
  }

  @Test
  void oneEventReachesAtMostOneSliceOfStreamsPerTaskSoOtherWorkInterleaves() {
    List<FakeSink> sinks = openReady(COMPANY, Shard.SLICE * 2 + 88, 1);
    Event event = node.history.commit(COMPANY);
    Promise<Long> seenByNextTask = Promise.promise();
    node.loop.runOnContext(v -> {
      node.hub.publish(event);
      // queued behind the drain's first slice, ahead of its second
      node.loop.runOnContext(w -> seenByNextTask.complete(
          sinks.stream().filter(s -> !s.eventIds().isEmpty()).count()));
    });
    assertThat(TestNode.join(seenByNextTask.future())).isEqualTo(Shard.SLICE);
    await().atMost(WAIT).until(() -> sinks.stream().allMatch(s -> s.eventIds().size() == 1));
  }

  @Test
  void everyStreamGetsItsCompanysEventsInOrderAcrossSlicesAndBursts() {
    List<FakeSink> sinks = openReady(COMPANY, Shard.SLICE * 3 + 5, 1);
    for (int burst = 0; burst < 5; burst++) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        events.add(node.history.commit(COMPANY));
      }
      node.loop.runOnContext(v -> events.forEach(node.hub::publish));
    }
    List<Long> all = LongStream.rangeClosed(1, 40).boxed().toList();
    await().atMost(WAIT).until(() -> sinks.stream().allMatch(s -> s.eventIds().size() >= 40));
    for (FakeSink sink : sinks) {
      assertThat(sink.eventIds()).containsExactlyElementsOf(all);
    }
  }

  @Test
  void theEventsOfManyCompaniesReachOnlyTheirOwnStreamsEachInOrder() {
    int companies = 40;
    List<List<FakeSink>> byCompany = new ArrayList<>();
    for (int c = 1; c <= companies; c++) {
      byCompany.add(openReady(c, 3, c * 100L));
    }
    for (int round = 0; round < 10; round++) {
      for (int c = 1; c <= companies; c++) {
        node.publish(c);
      }
    }
    List<Long> tenEach = LongStream.rangeClosed(1, 10).boxed().toList();
    await().atMost(WAIT).until(() -> byCompany.stream().flatMap(List::stream)
        .allMatch(s -> s.eventIds().size() >= 10));
    for (int c = 0; c < companies; c++) {
      for (FakeSink sink : byCompany.get(c)) {
        assertThat(sink.eventIds()).containsExactlyElementsOf(tenEach);
        String company = "\"company_id\":" + (c + 1) + ",";
        assertThat(sink.frames()).filteredOn(f -> f.id() != null)
            .allMatch(f -> f.data().contains(company));
      }
    }
    assertThat(node.hub.activeCompanies()).isEqualTo(companies);
  }
}
