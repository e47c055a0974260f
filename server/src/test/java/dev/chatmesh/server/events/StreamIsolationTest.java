package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several companies, members in more than one, concurrent writers of every kind of change:
 * each stream must receive exactly its company's events (and only its own targeted
 * notifications), each once, in id order.
 */
class StreamIsolationTest {

  @Test
  void everyStreamReceivesExactlyItsCompanysEventsOnceAndInOrder() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (Node server = Node.sqlite().start()) {
      Api api = server.api();
      Api.Session a = api.signup("Alpha", "Ann");
      Api.Session b = api.signup("Beta", "Ben");
      Api.Session c = api.signup("Gamma", "Gil");
      Api.Session agentA = api.invite(a, "Al Agent", "agent");
      // One person in two companies: an Alpha member who accepted Beta's invitation.
      Api.Session shared = api.join(b, agentA, "agent");
      List<Api.Session> members = List.of(a, agentA, shared.in(a.companyId()),
          shared.in(b.companyId()), b, c);
      Map<Long, String> keys = Map.of(
          a.companyId(), key(api, a), b.companyId(), key(api, b), c.companyId(), key(api, c));

      List<SseTap> taps = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      ExecutorService writers = Executors.newFixedThreadPool(6);
      try {
        for (Api.Session member : members) {
          SseTap tap = SseTap.open(server, member);
          starts.add(Long.parseLong(tap.awaitEvent("ready", Duration.ofSeconds(10)).json()
              .get("headId").asText()));
          taps.add(tap);
        }
        List<Future<?>> work = new ArrayList<>();
        for (Api.Session writer : List.of(a, agentA, shared.in(b.companyId()), b, c, a)) {
          long writerSeed = random.nextLong();
          work.add(writers.submit(() -> write(api, writer, members, keys, new Random(writerSeed))));
        }
        for (Future<?> f : work) {
          f.get();
        }
        for (int i = 0; i < members.size(); i++) {
          Api.Session member = members.get(i);
          List<Long> expected = expectedIds(server, member, starts.get(i));
          List<SseTap.Frame> got = taps.get(i).awaitEvents(expected.size(), Duration.ofSeconds(20));
          assertThat(got).as("seed %d, member %d in company %d", seed, member.employeeId(),
                  member.companyId())
              .extracting(f -> Long.parseLong(f.id())).containsExactlyElementsOf(expected);
          for (SseTap.Frame frame : got) {
            assertThat(frame.json().get("company_id").asLong()).isEqualTo(member.companyId());
            if ("notification_created".equals(frame.event())) {
              assertThat(frame.object().get("recipientId").isNull()
                  || frame.object().get("recipientId").asLong() == member.employeeId()).isTrue();
            }
          }
        }
      } finally {
        writers.shutdownNow();
        taps.forEach(SseTap::close);
      }
    }
  }

  private static void write(Api api, Api.Session writer, List<Api.Session> members,
                            Map<Long, String> keys, Random random) {
    List<Long> colleagues = members.stream().filter(m -> m.companyId() == writer.companyId())
        .map(Api.Session::employeeId).distinct().toList();
    long customer = api.call("POST", "api/customers", Map.of("name", "first"), writer)
        .expect(201).id();
    for (int i = 0; i < 25; i++) {
      switch (random.nextInt(5)) {
        case 0 -> customer = api.call("POST", "api/customers", Map.of("name", "c" + i), writer)
            .expect(201).id();
        case 1 -> api.call("POST", "api/notes", Map.of("customerId", customer, "body", "n" + i),
            writer).expect(201);
        case 2 -> api.call("POST", "api/notifications", Map.of("title", "to one",
            "recipientId", colleagues.get(random.nextInt(colleagues.size()))), writer)
            .expect(201);
        case 3 -> api.call("POST", "api/notifications", Map.of("title", "to all",
            "kind", "urgent"), writer).expect(201);
        default -> api.publish(keys.get(writer.companyId()),
            "{\"type\":\"ext.ping\",\"topic\":\"ext\",\"data\":{\"i\":" + i + "}}").expect(202);
      }
    }
  }

  private static List<Long> expectedIds(Node server, Api.Session member, long after) {
    return server.database().read(h -> h.createQuery("SELECT seq FROM events WHERE "
            + "company_id = :company AND seq > :after AND (recipient_id IS NULL OR recipient_id "
            + "= :me) ORDER BY seq")
        .bind("company", member.companyId()).bind("after", after)
        .bind("me", member.employeeId()).mapTo(Long.class).list());
  }

  private static String key(Api api, Api.Session admin) {
    return api.call("POST", "api/api-keys", Map.of("name", "isolation"), admin).expect(201)
        .json().get("key").asText();
  }
}
