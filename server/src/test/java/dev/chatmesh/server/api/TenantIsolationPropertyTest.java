package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Routes;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation as a property over randomized operations: five companies, people who are
 * members of several, six concurrent writers calling every documented read, the writes of every
 * resource, foreign ids and foreign companies, while every member holds a stream. Invariant: no
 * answer and no frame carries another company's data, and every stream receives exactly its
 * company's events (those addressed to its employee or to all), in order.
 *
 * <p>{@code -Disolation.ops=N} sets the number of operations (20,000 by default; the long run
 * is 1,000,000) and {@code -Disolation.seed=S} replays a run; both are printed on failure.
 */
class TenantIsolationPropertyTest {

  private static final int COMPANIES = 5;
  private static final int WRITERS = 6;
  private static final int ROUND = 2_000;

  /** Company k's data carries {@code mk<k>q}; no answer to another company may contain it. */
  private static String marker(int k) {
    return "mk" + k + "q";
  }

  private final long ops = Long.getLong("isolation.ops", 20_000);
  private final long seed = Long.getLong("isolation.seed", System.nanoTime());
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicLong done = new AtomicLong();
  private final Map<Long, List<Long>> customers = new ConcurrentHashMap<>();
  private final Map<Long, List<Long>> notes = new ConcurrentHashMap<>();
  private final Map<Long, List<Long>> notifications = new ConcurrentHashMap<>();

  private Node server;
  private Api api;
  private final List<Api.Session> members = new ArrayList<>();
  private final Map<Long, Integer> index = new ConcurrentHashMap<>();
  private final Map<Long, String> keys = new ConcurrentHashMap<>();
  private List<Routes.Operation> reads;

  @Test
  void noAnswerOrFrameEverCarriesAnotherCompanysData() throws Exception {
    Random random = new Random(seed);
    String replay = "seed " + seed + ", ops " + ops;
    long started = System.nanoTime();
    try (Node node = Node.sqlite(Map.of("STREAM_LIMIT_PER_ACCOUNT", "50")).start()) {
      server = node;
      api = node.api();
      setUpCompanies();
      reads = Routes.of(api).stream().filter(op -> op.method().equals("GET")).toList();
      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      try {
        while (done.get() < ops) {
          round(writers, random, Math.min(ROUND, ops - done.get()));
          assertThat(violations).as(replay).isEmpty();
          if (done.get() % 50_000 == 0) {
            System.out.printf("tenant isolation: %d operations checked after %.1f min%n",
                done.get(), (System.nanoTime() - started) / 60e9);
          }
        }
      } finally {
        writers.shutdownNow();
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    System.out.printf("tenant isolation: %d operations in %.1f min (%.0f ops/min), %s%n",
        done.get(), minutes, done.get() / minutes, replay);
    assertThat(done.get()).isGreaterThanOrEqualTo(ops);
  }

  private void setUpCompanies() {
    List<Api.Session> admins = new ArrayList<>();
    for (int k = 0; k < COMPANIES; k++) {
      Api.Session admin = api.signup("Company " + k, "Admin " + k);
      admins.add(admin);
      index.put(admin.companyId(), k);
      members.add(admin);
      members.add(api.invite(admin, "Agent " + k, "agent"));
      keys.put(admin.companyId(), api.call("POST", "api/api-keys", Map.of("name", "key " + k),
          admin).expect(201).json().get("key").asText());
      customers.put(admin.companyId(), new CopyOnWriteArrayList<>());
      notes.put(admin.companyId(), new CopyOnWriteArrayList<>());
      notifications.put(admin.companyId(), new CopyOnWriteArrayList<>());
    }
    // Two people in several companies: one in 0, 1 and 2, one in 3 and 4.
    for (int[] group : new int[][] {{0, 1, 2}, {3, 4}}) {
      Api.Session shared = api.invite(admins.get(group[0]), "Shared " + group[0], "agent");
      members.add(shared);
      for (int i = 1; i < group.length; i++) {
        members.add(api.join(admins.get(group[i]), shared, "agent"));
      }
    }
  }

  private void round(ExecutorService writers, Random random, long count) throws Exception {
    List<SseTap> taps = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try {
      for (Api.Session member : members) {
        SseTap tap = SseTap.open(server, member);
        starts.add(Long.parseLong(tap.awaitEvent("ready", Duration.ofSeconds(30)).json()
            .get("headId").asText()));
        taps.add(tap);
      }
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long writerSeed = random.nextLong();
        long share = count / WRITERS + (w < count % WRITERS ? 1 : 0);
        work.add(writers.submit(() -> {
          Random mine = new Random(writerSeed);
          for (long i = 0; i < share; i++) {
            operate(mine);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      for (int i = 0; i < members.size(); i++) {
        checkStream(members.get(i), taps.get(i), starts.get(i));
      }
    } finally {
      taps.forEach(SseTap::close);
    }
  }

  private void checkStream(Api.Session member, SseTap tap, long after) {
    List<Long> expected = server.database().read(h -> h.createQuery("SELECT seq FROM events "
            + "WHERE company_id = :company AND seq > :after AND (recipient_id IS NULL OR "
            + "recipient_id = :me) ORDER BY seq")
        .bind("company", member.companyId()).bind("after", after)
        .bind("me", member.employeeId()).mapTo(Long.class).list());
    List<SseTap.Frame> got = tap.awaitEvents(expected.size(), Duration.ofSeconds(60));
    List<Long> ids = got.stream().map(f -> Long.parseLong(f.id())).toList();
    if (!ids.equals(expected)) {
      violations.add("stream of employee " + member.employeeId() + " in company "
          + member.companyId() + " got " + ids.size() + " events, expected " + expected.size());
    }
    for (SseTap.Frame frame : got) {
      if (frame.json().get("company_id").asLong() != member.companyId()) {
        violations.add("frame " + frame.id() + " of company " + frame.json().get("company_id")
            + " on a stream of company " + member.companyId());
      }
    }
    leak("stream of company " + member.companyId(), member, tap.raw());
  }

  private void operate(Random random) {
    Api.Session who = members.get(random.nextInt(members.size()));
    long company = who.companyId();
    int k = index.get(company);
    long foreign = other(company, random);
    String mark = marker(k);
    // Whose data the answer may carry: the company the request named.
    Api.Session[] as = {who};
    Api.Res res = switch (random.nextInt(12)) {
      case 0, 1 -> remember(customers, company, api.call("POST", "api/customers",
          Map.of("name", "Cust " + mark + " " + random.nextInt(1000)), who));
      case 2 -> pick(customers, company, random) == null ? api.call("GET", "api/customers", null,
          who) : remember(notes, company, api.call("POST", "api/notes", Map.of("customerId",
          pick(customers, company, random), "body", "Note " + mark), who));
      case 3 -> remember(notifications, company, api.call("POST", "api/notifications",
          random.nextBoolean() ? Map.of("title", "All " + mark)
              : Map.of("title", "One " + mark, "recipientId", colleague(company, random)), who));
      case 4 -> api.call("PATCH", "api/customers/" + orOne(pick(customers, company, random)),
          Map.of("name", "Renamed " + mark), who);
      case 5 -> api.call("DELETE", "api/notes/" + orOne(pick(notes, company, random)), null, who);
      case 6 -> api.publish(keys.get(company), "{\"type\":\"ext.ping\","
          + "\"topic\":\"ext\",\"data\":{\"m\":\"" + mark + "\"}}");
      case 7 -> {
        // Another company's record by id: not found, whatever the method.
        String path = foreignPath(foreign, random);
        if (path == null) {
          yield api.call("GET", "api/auth/me", null, who);
        }
        String method = List.of("GET", "PATCH", "DELETE").get(random.nextInt(3));
        Api.Res r = api.call(method, path, method.equals("PATCH")
            ? Map.of("name", "Stolen " + mark, "body", "x", "title", "x") : null, who);
        // 428 (no version sent) is decided before any lookup, so it tells nothing either.
        if (r.status() != 404 && r.status() != 405 && r.status() != 428) {
          violations.add(method + " " + path + " of company " + foreign + " as company "
              + company + " answered " + r.status());
        }
        yield r;
      }
      case 8 -> {
        // Naming a company one does not belong to.
        Api.Session outsider = new Api.Session(who.token(), who.accountId(), foreign, 0,
            who.email(), who.login());
        Api.Res r = api.call("GET", "api/customers", null, outsider);
        as[0] = outsider;
        boolean member = members.stream().anyMatch(m -> m.accountId() == who.accountId()
            && m.companyId() == foreign);
        if (!member && r.status() != 403) {
          violations.add("company " + foreign + " named by a non-member answered " + r.status());
        }
        yield r;
      }
      default -> read(who, company, random);
    };
    if (res.status() >= 500) {
      violations.add("5xx " + res.status() + ": " + res.body());
    }
    leak("answer", as[0], res.body());
  }

  private Api.Res read(Api.Session who, long company, Random random) {
    Routes.Operation op = reads.get(random.nextInt(reads.size()));
    if (op.path().equals("/api/events/stream")) {
      return api.call("GET", "api/events?wait=0&limit=100", null, who);
    }
    String id = Long.toString(orOne(pick(op.path().startsWith("/api/notes") ? notes
        : op.path().startsWith("/api/notifications") ? notifications : customers,
        random.nextInt(4) == 0 ? other(company, random) : company, random)));
    String query = op.query().contains("wait") ? "?wait=0" : "";
    return api.call("GET", op.fill(Map.of(), id) + query, null, who);
  }

  /** A path to one of {@code foreign}'s records, or null while it has none of that kind. */
  private String foreignPath(long foreign, Random random) {
    String[] kinds = {"customers", "notes", "notifications"};
    int kind = random.nextInt(kinds.length);
    Long id = pick(List.of(customers, notes, notifications).get(kind), foreign, random);
    return id == null ? null : "api/" + kinds[kind] + "/" + id;
  }

  private long colleague(long company, Random random) {
    List<Api.Session> colleagues = members.stream().filter(m -> m.companyId() == company)
        .toList();
    return colleagues.get(random.nextInt(colleagues.size())).employeeId();
  }

  /** Records a violation when {@code text}, seen by {@code who}, names another company's data. */
  private void leak(String where, Api.Session who, String text) {
    int k = index.get(who.companyId());
    for (int j = 0; j < COMPANIES; j++) {
      if (j != k && text.contains(marker(j))) {
        violations.add(where + " to company " + who.companyId() + " carries " + marker(j) + ": "
            + text.substring(0, Math.min(300, text.length())));
      }
    }
  }

  private long other(long company, Random random) {
    List<Long> others = index.keySet().stream().filter(c -> c != company).sorted().toList();
    return others.get(random.nextInt(others.size()));
  }

  private static Long pick(Map<Long, List<Long>> pool, long company, Random random) {
    List<Long> ids = pool.get(company);
    int size = ids.size();
    // Recent ids are more often still there; old ones exercise deleted records.
    return size == 0 ? null : ids.get(Math.max(0, size - 1 - random.nextInt(Math.min(size, 50))));
  }

  private static long orOne(Long id) {
    return id == null ? 1 : id;
  }

  private static Api.Res remember(Map<Long, List<Long>> pool, long company, Api.Res res) {
    if (res.status() == 201) {
      List<Long> ids = pool.get(company);
      ids.add(res.id());
      if (ids.size() > 500) {
        ids.remove(0);
      }
    }
    return res;
  }
}
