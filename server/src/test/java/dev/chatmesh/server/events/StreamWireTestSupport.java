package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;

/** Reads what the database holds, for stream tests to compare with what arrived. */
final class StreamWireTestSupport {

  private StreamWireTestSupport() {
  }

  /** The company's committed head. */
  static long head(Node server, Api.Session session) {
    return server.database().read(h -> h.createQuery(
            "SELECT event_seq FROM companies WHERE id = :id").bind("id", session.companyId())
        .mapTo(Long.class).one());
  }
}
