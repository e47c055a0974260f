package dev.chatmesh.server.events;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing races commits: events reach the broker out of order, or never (a crash between
 * commit and publish). Streams still get every committed event once, in id order. These tests
 * commit events the way the outbox does and then publish them out of order, or not at all.
 */
class OrderingTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  @Test
  void aLaterIdPublishedFirstIsHeldUntilTheEarlierOneArrives() throws Exception {
    Api.Session admin = api.signup("Race Co", "Rae");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      List<Event> events = commitWithoutPublishing(admin.companyId(), 3);
      server.app().hub().publish(events.get(2));
      server.app().hub().publish(events.get(1));
      server.app().hub().publish(events.get(0));
      assertThat(tap.awaitEvents(3, WAIT)).extracting(SseTap.Frame::id)
          .containsExactly(ids(events));
    }
  }

  @Test
  void aGapWhosePublishNeverComesIsFilledFromHistory() {
    Api.Session admin = api.signup("Gap Co", "Gus");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      List<Event> events = commitWithoutPublishing(admin.companyId(), 3);
      server.app().hub().publish(events.get(2));
      assertThat(tap.awaitEvents(3, WAIT)).extracting(SseTap.Frame::id)
          .containsExactly(ids(events));
    }
  }

  @Test
  void anEventCommittedButNeverPublishedIsStillDelivered() {
    Api.Session admin = api.signup("Crash Co", "Cal");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      List<Event> events = commitWithoutPublishing(admin.companyId(), 2);
      assertThat(tap.awaitEvents(2, WAIT)).extracting(SseTap.Frame::id)
          .containsExactly(ids(events));
      api.call("POST", "api/customers", java.util.Map.of("name", "after"), admin).expect(201);
      List<SseTap.Frame> all = tap.awaitEvents(4, WAIT);
      assertThat(all).extracting(f -> Long.parseLong(f.id()))
          .containsExactly(events.get(0).seq(), events.get(1).seq(), events.get(1).seq() + 1,
              events.get(1).seq() + 2);
    }
  }

  @Test
  void aDuplicatePublishIsDeliveredOnce() {
    Api.Session admin = api.signup("Twice Co", "Tw");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      List<Event> events = commitWithoutPublishing(admin.companyId(), 2);
      server.app().hub().publish(events.get(0));
      server.app().hub().publish(events.get(0));
      server.app().hub().publish(events.get(1));
      server.app().hub().publish(events.get(0));
      api.call("POST", "api/customers", java.util.Map.of("name", "marker"), admin).expect(201);
      tap.awaitEvent("customer_created", WAIT);
      assertThat(tap.events()).extracting(f -> Long.parseLong(f.id())).doesNotHaveDuplicates()
          .startsWith(events.get(0).seq(), events.get(1).seq());
    }
  }

  /** Commits events exactly as the outbox does, but publishes nothing. */
  private static List<Event> commitWithoutPublishing(long companyId, int count) {
    return server.database().transaction(handle -> {
      List<Event> events = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        long seq = handle.createQuery("UPDATE companies SET event_seq = event_seq + 1 WHERE id = "
            + ":id RETURNING event_seq").bind("id", companyId).mapTo(Long.class).one();
        String json = "{\"id\":\"" + seq + "\",\"type\":\"test.raced\",\"company_id\":"
            + companyId + ",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{\"n\":" + i + "}}";
        handle.createUpdate("INSERT INTO events (company_id, seq, type, topic, payload, "
                + "created_at) VALUES (:c, :s, 'test.raced', 'test', :p, :t)")
            .bind("c", companyId).bind("s", seq).bind("p", json)
            .bind("t", System.currentTimeMillis()).execute();
        events.add(Event.of(companyId, seq, "test.raced", "test", null, null, json,
            System.nanoTime()));
      }
      return events;
    });
  }

  private static String[] ids(List<Event> events) {
    return events.stream().map(e -> Long.toString(e.seq())).toArray(String[]::new);
  }
}
