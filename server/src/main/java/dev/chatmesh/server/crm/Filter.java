package dev.chatmesh.server.crm;

import dev.chatmesh.server.http.Query;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WHERE clause of a list request, built from conditions that each bring their own bound
 * values, and the one way every list endpoint counts its matches and reads a page of them.
 */
public final class Filter {

  private final StringBuilder where = new StringBuilder();
  private final Map<String, Object> binds = new LinkedHashMap<>();

  private Filter() {
  }

  /** Starts with the condition that scopes the list (always the caller's company). */
  public static Filter where(String condition, Map<String, Object> values) {
    return new Filter().and(condition, values);
  }

  /** Adds {@code condition} with its values. */
  public Filter and(String condition, Map<String, Object> values) {
    where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
    binds.putAll(values);
    return this;
  }

  /** Adds {@code condition} with one bound value, unless the value is null (not asked for). */
  public Filter andIf(Object value, String condition, String name) {
    return value == null ? this : and(condition, Map.of(name, value));
  }

  /** Adds a case-insensitive search of the page's {@code q} in any of {@code columns}. */
  public Filter search(Query.Page page, String... columns) {
    if (page.q() == null) {
      return this;
    }
    StringBuilder any = new StringBuilder("(");
    for (int i = 0; i < columns.length; i++) {
      any.append(i == 0 ? "" : " OR ").append("LOWER(COALESCE(").append(columns[i])
          .append(", '')) LIKE :q ESCAPE '!'");
    }
    return and(any.append(')').toString(), Map.of("q", page.like()));
  }

  /**
   * Counts the rows of {@code from} that match and reads one page of {@code select} (which
   * must select from the same aliased table) in {@code orderBy} order.
   */
  public <T> Listing<T> page(Handle handle, String select, String from, String orderBy,
                      Query.Page page, RowMapper<T> mapper) {
    long total = handle.createQuery("SELECT COUNT(*) FROM " + from + where)
        .bindMap(binds).mapTo(Long.class).one();
    var items = handle.createQuery(select + where + " ORDER BY " + orderBy
            + " LIMIT :limit OFFSET :offset")
        .bindMap(binds).bind("limit", page.limit()).bind("offset", page.offset())
        .map(mapper).list();
    return new Listing<>(items, total, page.limit(), page.offset());
  }
}
