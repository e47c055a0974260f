package dev.chatmesh.server.store;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.server.http.Json;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;

/**
 * One change of one company, inside one transaction: the rows it writes, the activity line
 * that records it and the events that announce it all commit together or not at all. The
 * events are published only after the commit.
 */
public final class Change {

  private final Handle handle;
  private final long companyId;
  private final Actor actor;
  private final List<Event> events = new ArrayList<>();
  private final long now = System.currentTimeMillis();

  Change(Handle handle, long companyId, Actor actor) {
    this.handle = handle;
    this.companyId = companyId;
    this.actor = actor;
  }

  /** The transaction's connection. */
  public Handle handle() {
    return handle;
  }

  /** The company being changed. */
  public long companyId() {
    return companyId;
  }

  /** Who makes the change. */
  public Actor actor() {
    return actor;
  }

  /** The change's timestamp, the same for every row it writes. */
  public long now() {
    return now;
  }

  /** Adds an event for everyone in the company (or one member) carrying {@code data}. */
  public void emit(String type, String topic, Object data, Long recipientId) {
    emitRaw(type, topic, Json.write(data), recipientId, null);
  }

  /** Adds an event whose data is already JSON text, optionally ending a member's access. */
  public void emitRaw(String type, String topic, String dataJson, Long recipientId,
                      Long revokes) {
    events.add(EventLog.append(handle, companyId, type, topic, dataJson, recipientId, revokes));
  }

  /** Writes the activity line of this change and announces it. */
  public void activity(String entityType, long entityId, String action, String description) {
    long id = handle.createQuery("INSERT INTO activities (company_id, entity_type, entity_id, "
            + "action, description, actor_id, actor_name, created_at) VALUES (:company, :type, "
            + ":entity, :action, :description, :actor, :actorName, :now) RETURNING id")
        .bind("company", companyId).bind("type", entityType).bind("entity", entityId)
        .bind("action", action).bind("description", description)
        .bind("actor", actor.employeeId()).bind("actorName", actor.name()).bind("now", now)
        .mapTo(Long.class).one();
    emit("activity_created", "activity", new Activity(id, entityType, entityId, action,
        description, actor.employeeId(), actor.name(), Json.timestamp(now)), null);
  }

  /** The id of the last event this change emitted. */
  public long lastSeq() {
    return events.getLast().seq();
  }

  List<Event> events() {
    return events;
  }

  /**
   * Who acts.
   *
   * @param employeeId the acting membership, or null for the system or an API key
   * @param name       a display name for the activity feed
   */
  public record Actor(Long employeeId, String name) {
  }
}
