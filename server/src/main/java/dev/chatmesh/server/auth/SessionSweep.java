package dev.chatmesh.server.auth;

import dev.chatmesh.realtime.Hub;
import dev.chatmesh.server.store.Store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-checks, every few seconds, that the sessions holding streams on this node still exist.
 * A logout ends its streams at once on the node that served it; this catches the streams the
 * same session holds on other nodes, and sessions removed behind the server's back.
 */
public final class SessionSweep {

  private final Store store;
  private final Hub hub;

  /** Checks {@code hub}'s sessions against {@code store}. */
  public SessionSweep(Store store, Hub hub) {
    this.store = store;
    this.hub = hub;
  }

  /** One pass; blocking. */
  public void run() {
    Set<String> open = hub.openSessions();
    if (open.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    Map<String, Long> expiries = store.read(handle -> handle.createQuery("SELECT id, expires_at "
            + "FROM sessions WHERE id IN (<ids>)")
        .bindList("ids", List.copyOf(open))
        .reduceRows(new HashMap<String, Long>(), (map, row) -> {
          map.put(row.getColumn("id", String.class), row.getColumn("expires_at", Long.class));
          return map;
        }));
    // A session that is gone was logged out; one that is still there but past its expiry ran
    // out, which the stream would report as token_expired itself, so the sweep says the same.
    Set<String> loggedOut = new HashSet<>(open);
    loggedOut.removeAll(expiries.keySet());
    Set<String> expired = new HashSet<>();
    expiries.forEach((id, expiresAt) -> {
      if (expiresAt <= now) {
        expired.add(id);
      }
    });
    if (!loggedOut.isEmpty()) {
      hub.revoke(stream -> loggedOut.contains(stream.sessionId()), "logged_out");
    }
    if (!expired.isEmpty()) {
      hub.revoke(stream -> expired.contains(stream.sessionId()), "token_expired");
    }
  }
}
