package dev.chatmesh.server.store;

/**
 * The audit line every change writes, as the API shows it.
 *
 * @param id          the line's id
 * @param entityType  what kind of thing changed, e.g. {@code customer}
 * @param entityId    which one
 * @param action      {@code created}, {@code updated}, {@code deleted}, …
 * @param description a sentence for people
 * @param actorId     the employee who acted, or null for the system
 * @param actorName   their name at the time
 * @param createdAt   when
 */
public record Activity(long id, String entityType, long entityId, String action,
                       String description, Long actorId, String actorName, String createdAt) {
}
