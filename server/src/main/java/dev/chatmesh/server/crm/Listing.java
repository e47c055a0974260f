package dev.chatmesh.server.crm;

import java.util.List;

/**
 * One page of a list endpoint.
 *
 * @param items  the page's items
 * @param total  how many match in all
 * @param limit  the page size asked for
 * @param offset how many were skipped
 * @param <T>    the item type
 */
public record Listing<T>(List<T> items, long total, int limit, int offset) {
}
