package dev.chatmesh.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Jepsen-style check of whole histories: what each company committed (its events table) against
 * what every stream received across all its reconnects. It reports, per stream and with the ids,
 * every gap left unfilled (lost), duplicate, reorder, foreign event (another company's, or one
 * never committed, or not what was committed under that id) and stale payload (a create/update
 * whose version is older than one the stream already saw for that entity), and any event a
 * member's stream received after the commit that removed that member ({@code employee_deleted}).
 */
final class HistoryChecker {

  /** One committed event, from the events table. */
  record Committed(long seq, String type, String entityId, long version) {
  }

  /** One frame a stream received. */
  record Received(long seq, String type, long companyId, String entityId, long version,
                  int connection) {
  }

  /** What one client received, across its reconnects; written by one event loop. */
  static final class Stream {
    final String name;
    final long companyId;
    /** The employee whose removal must end this stream, or null for a stream kept to the end. */
    final String member;
    volatile long start = -1;
    final List<Received> frames = new ArrayList<>();
    int connections;

    Stream(String name, long companyId, String member) {
      this.name = name;
      this.companyId = companyId;
      this.member = member;
    }

    /** Records one {@code data} envelope as received under {@code id}. */
    synchronized void received(long id, String type, String data) {
      JsonNode envelope = Json.read(data);
      JsonNode body = envelope.path("data");
      frames.add(new Received(id, type, envelope.path("company_id").asLong(-1),
          body.path("id").asText(""), body.path("version").asLong(-1), connections));
    }

    synchronized long last() {
      return frames.isEmpty() ? start : frames.get(frames.size() - 1).seq();
    }
  }

  /**
   * The outcome over every stream.
   *
   * @param problems at most 20 lines naming the stream and the ids
   */
  record Report(int streams, long frames, long lost, long duplicated, long reordered,
                long foreign, long stale, long afterRevocation, List<String> problems) {

    boolean clean() {
      return lost == 0 && duplicated == 0 && reordered == 0 && foreign == 0 && stale == 0
          && afterRevocation == 0;
    }

    String summary() {
      return "streams=" + streams + " frames=" + frames + " lost=" + lost + " duplicated="
          + duplicated + " reordered=" + reordered + " foreign=" + foreign + " stale=" + stale
          + " afterRevocation=" + afterRevocation
          + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
    }
  }

  private final List<Stream> streams = new CopyOnWriteArrayList<>();

  Stream stream(String name, long companyId) {
    return stream(name, companyId, null);
  }

  /** A stream of {@code member} (an employee id), whose removal must end it. */
  Stream stream(String name, long companyId, String member) {
    Stream stream = new Stream(name, companyId, member);
    streams.add(stream);
    return stream;
  }

  /** The id of the event that removed {@code member}, or {@link Long#MAX_VALUE} if none did. */
  static long removal(List<Committed> history, String member) {
    return history.stream().filter(c -> c.type().equals("employee_deleted")
        && c.entityId().equals(member)).mapToLong(Committed::seq).min().orElse(Long.MAX_VALUE);
  }

  List<Stream> streams() {
    return streams;
  }

  /** Every committed event of {@code companies}, by company, in seq order. */
  static Map<Long, List<Committed>> committed(String jdbcUrl, Collection<Long> companies)
      throws SQLException {
    Map<Long, List<Committed>> all = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
         PreparedStatement q = c.prepareStatement(
             "SELECT seq, type, payload FROM events WHERE company_id = ? ORDER BY seq")) {
      for (long company : companies) {
        List<Committed> list = new ArrayList<>();
        q.setLong(1, company);
        try (ResultSet rows = q.executeQuery()) {
          while (rows.next()) {
            JsonNode body = Json.read(rows.getString(3)).path("data");
            list.add(new Committed(rows.getLong(1), rows.getString(2),
                body.path("id").asText(""), body.path("version").asLong(-1)));
          }
        }
        all.put(company, list);
      }
    }
    return all;
  }

  /** Checks every stream against {@code committed}. */
  Report check(Map<Long, List<Committed>> committed) {
    long frames = 0;
    long lost = 0;
    long duplicated = 0;
    long reordered = 0;
    long foreign = 0;
    long stale = 0;
    long afterRevocation = 0;
    List<String> problems = new ArrayList<>();
    for (Stream stream : streams) {
      List<Received> got;
      synchronized (stream) {
        got = List.copyOf(stream.frames);
      }
      List<Committed> history = committed.getOrDefault(stream.companyId, List.of());
      Map<Long, Committed> bySeq = new HashMap<>();
      history.forEach(c -> bySeq.put(c.seq(), c));
      long removedAt = stream.member == null ? Long.MAX_VALUE : removal(history, stream.member);
      // A removed member is owed what was committed before the removal, and nothing after it.
      long head = Math.min(history.isEmpty() ? 0 : history.get(history.size() - 1).seq(),
          removedAt - 1);
      Set<Long> seen = new HashSet<>();
      Map<String, Long> versions = new HashMap<>();
      long last = stream.start;
      frames += got.size();
      for (Received r : got) {
        Committed c = bySeq.get(r.seq());
        if (r.companyId() != stream.companyId || c == null || !c.type().equals(r.type())
            || !c.entityId().equals(r.entityId()) || c.version() != r.version()) {
          foreign++;
          note(problems, stream, "foreign " + r + " committed " + c);
          continue;
        }
        if (r.seq() > removedAt) {
          afterRevocation++;
          note(problems, stream, "id " + r.seq() + " delivered after the member's removal at "
              + removedAt);
        }
        if (!seen.add(r.seq())) {
          duplicated++;
          note(problems, stream, "duplicate id " + r.seq() + " (connection " + r.connection() + ")");
          continue;
        }
        if (r.seq() < last) {
          reordered++;
          note(problems, stream, "id " + r.seq() + " after " + last);
        }
        last = Math.max(last, r.seq());
        if ((r.type().endsWith("_created") || r.type().endsWith("_updated"))
            && r.version() >= 0) {
          Long newest = versions.merge(r.type().replaceAll("_(created|updated)$", "")
              + ":" + r.entityId(), r.version(), Math::max);
          if (newest > r.version()) {
            stale++;
            note(problems, stream, "stale " + r + ", already saw version " + newest);
          }
        }
      }
      if (stream.start < 0) {
        lost += history.size();
        note(problems, stream, "never received its ready event");
        continue;
      }
      List<Long> missing = new ArrayList<>();
      for (long seq = stream.start + 1; seq <= head; seq++) {
        if (!seen.contains(seq)) {
          missing.add(seq);
        }
      }
      if (!missing.isEmpty()) {
        lost += missing.size();
        note(problems, stream, "lost " + missing.size() + " ids, first "
            + missing.subList(0, Math.min(5, missing.size())));
      }
    }
    return new Report(streams.size(), frames, lost, duplicated, reordered, foreign, stale,
        afterRevocation, problems);
  }

  private static void note(List<String> problems, Stream stream, String what) {
    if (problems.size() < 20) {
      problems.add(stream.name + " (company " + stream.companyId + "): " + what);
    }
  }
}
