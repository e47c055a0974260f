package dev.chatmesh.server.store;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.server.json.Json;
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

  /** Adds a catalog event for everyone in the company carrying {@code data}. */
  public void emit(Catalog type, Object data) {
    emit(type, data, null);
  }

  /** Adds a catalog event for everyone in the company, or only {@code recipientId}. */
  public void emit(Catalog type, Object data, Long recipientId) {
    append(type.type(), type.topic(), Json.write(data), recipientId, null);
  }

  /**
   * Adds a catalog event that also ends the access of employee {@code revokes}: their open
   * streams receive it and then a {@code revoked} frame.
   */
  public void emitRevoking(Catalog type, Object data, long revokes) {
    append(type.type(), type.topic(), Json.write(data), null, revokes);
  }

  /**
   * Adds an event of a type the catalog does not know (the publish API), its data already JSON
   * text. The caller has refused {@link Catalog#reserved reserved} names.
   */
  public void publish(String type, String topic, String dataJson, Long recipientId) {
    append(type, topic, dataJson, recipientId, null);
  }

  private void append(String type, String topic, String dataJson, Long recipientId,
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
    emit(Catalog.ACTIVITY_CREATED, new Activity(id, entityType, entityId, action,
        description, actor.employeeId(), actor.name(), Json.timestamp(now)));
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
