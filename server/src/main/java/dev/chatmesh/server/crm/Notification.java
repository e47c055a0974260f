package dev.chatmesh.server.crm;

/**
 * A notice to one employee or to everyone in the company.
 *
 * @param id          the notification id
 * @param kind        {@code info} or {@code urgent}
 * @param title       short title
 * @param message     longer text, optional
 * @param actionUrl   where to go from it, optional
 * @param groupKey    notifications with the same key may be shown as one, optional
 * @param recipientId the one employee it is for, or null for everyone
 * @param createdAt   when
 */
public record Notification(long id, String kind, String title, String message, String actionUrl,
                           String groupKey, Long recipientId, String createdAt) {
}
