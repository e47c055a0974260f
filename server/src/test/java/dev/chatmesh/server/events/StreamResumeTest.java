package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Resuming by last event id: nothing missing, nothing repeated, across restarts too. */
class StreamResumeTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aClientThatDropsMidBurstResumesByHeaderAndByQueryWithNothingMissingOrRepeated()
      throws Exception {
    try (Node server = Node.sqlite().start()) {
      Api api = server.api();
      Api.Session admin = api.signup("Burst Co", "Bo");
      long start;
      try (SseTap first = SseTap.open(server, admin)) {
        start = Long.parseLong(first.awaitEvent("ready", WAIT).json().get("headId").asText());
      }
      ExecutorService writers = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> burst = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int writer = w;
          burst.add(writers.submit(() -> {
            for (int i = 0; i < 25; i++) {
              api.call("POST", "api/customers", Map.of("name", "w" + writer + "-" + i), admin)
                  .expect(201);
            }
          }));
        }
        // Three consecutive connections while the burst goes on, each resuming where the
        // previous one stopped: by header, then by query parameter.
        List<Long> seen = new ArrayList<>();
        long last = start;
        for (int round = 0; round < 3; round++) {
          boolean byHeader = round % 2 == 0;
          String path = byHeader ? "api/events/stream" : "api/events/stream?lastEventId=" + last;
          try (SseTap tap = SseTap.open(server, path, admin, byHeader ? Long.toString(last) : null)) {
            long from = last;
            List<SseTap.Frame> got = tap.await(f -> f.stream().filter(x -> x.id() != null)
                .count() >= 10 || seen.size() + 0 >= 200, WAIT);
            got.stream().filter(x -> x.id() != null).map(x -> Long.parseLong(x.id()))
                .forEach(seen::add);
            last = seen.isEmpty() ? from : seen.getLast();
          }
        }
        for (Future<?> f : burst) {
          f.get();
        }
        long head = StreamWireTestSupport.head(server, admin);
        try (SseTap tap = SseTap.open(server, "api/events/stream", admin, Long.toString(last))) {
          long remaining = head - last;
          tap.await(f -> f.stream().filter(x -> x.id() != null).count() >= remaining, WAIT);
          tap.events().stream().map(x -> Long.parseLong(x.id())).forEach(seen::add);
        }
        assertThat(seen).containsExactlyElementsOf(
            LongStream.rangeClosed(start + 1, head).boxed().toList());
      } finally {
        writers.shutdownNow();
      }
    }
  }

  @Test
  void resumeWorksAfterTheServerProcessIsStoppedAndStartedAgainOnTheSameData() {
    try (Node server = Node.sqlite().start()) {
      Api api = server.api();
      Api.Session admin = api.signup("Restart Co", "Rita");
      long last;
      try (SseTap tap = SseTap.open(server, admin)) {
        tap.awaitEvent("ready", WAIT);
        api.call("POST", "api/customers", Map.of("name", "before"), admin).expect(201);
        last = Long.parseLong(tap.awaitEvents(2, WAIT).getLast().id());
        server.restart();
        tap.awaitEnd(WAIT);
      }
      api.call("POST", "api/customers", Map.of("name", "after restart"), admin).expect(201);
      try (SseTap tap = SseTap.open(server, "api/events/stream", admin, Long.toString(last))) {
        List<SseTap.Frame> events = tap.awaitEvents(2, WAIT);
        assertThat(events).extracting(SseTap.Frame::id)
            .containsExactly(Long.toString(last + 1), Long.toString(last + 2));
        assertThat(events.getFirst().object().get("name").asText()).isEqualTo("after restart");
      }
    }
  }

  @Test
  void anIdOlderThanTheHistoryKeptGetsAResetWithTheHeadThenLiveEvents() {
    try (Node server = Node.sqlite(Map.of("HISTORY_MAX_EVENTS", "5")).start()) {
      Api api = server.api();
      Api.Session admin = api.signup("Forgetful Co", "Fred");
      for (int i = 0; i < 10; i++) {
        api.call("POST", "api/customers", Map.of("name", "c" + i), admin).expect(201);
      }
      assertThat(server.retention().run()).isPositive();
      long head = StreamWireTestSupport.head(server, admin);
      try (SseTap tap = SseTap.open(server, "api/events/stream", admin, "1")) {
        SseTap.Frame reset = tap.awaitEvent("reset", WAIT);
        assertThat(reset.id()).isEqualTo(Long.toString(head));
        assertThat(reset.json().get("reason").asText()).isEqualTo("history_truncated");
        assertThat(reset.json().get("headId").asText()).isEqualTo(Long.toString(head));
        api.call("POST", "api/customers", Map.of("name", "live"), admin).expect(201);
        assertThat(tap.awaitEvents(1, WAIT).getFirst().id()).isEqualTo(Long.toString(head + 1));
      }
      try (SseTap tap = SseTap.open(server, "api/events/stream", admin,
          Long.toString(head - 2))) {
        assertThat(tap.awaitEvents(4, WAIT)).extracting(SseTap.Frame::id).containsExactly(
            Long.toString(head - 1), Long.toString(head), Long.toString(head + 1),
            Long.toString(head + 2));
      }
    }
  }

  @Test
  void anIdFromBeyondTheHeadIsTreatedAsAForeignHistoryAndReset() {
    try (Node server = Node.sqlite().start()) {
      Api api = server.api();
      Api.Session admin = api.signup("Future Co", "Fay");
      try (SseTap tap = SseTap.open(server, "api/events/stream", admin, "999999")) {
        assertThat(tap.awaitEvent("reset", WAIT).json().get("headId").asText())
            .isEqualTo(Long.toString(StreamWireTestSupport.head(server, admin)));
      }
    }
  }
}
