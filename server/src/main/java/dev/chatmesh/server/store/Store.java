package dev.chatmesh.server.store;

import dev.chatmesh.realtime.Event;
import org.jdbi.v3.core.HandleCallback;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The application's way into the database: plain reads, and changes that commit their rows,
 * activity lines and events in one transaction and publish the events after the commit.
 */
public final class Store {

  private final Database db;
  private final Consumer<Event> publisher;

  /** Publishes each committed event with {@code publisher}. */
  public Store(Database db, Consumer<Event> publisher) {
    this.db = db;
    this.publisher = publisher;
  }

  /** A read outside any transaction. */
  public <T> T read(HandleCallback<T, RuntimeException> work) {
    return db.read(work);
  }

  /** A transaction that announces nothing (sessions, accounts). */
  public <T> T transaction(HandleCallback<T, RuntimeException> work) {
    return db.transaction(work);
  }

  /**
   * Runs {@code work} as one change of {@code companyId} and, once committed, publishes the
   * events it emitted in order. If the process dies before publishing, the relay finds them.
   */
  public <T> T change(long companyId, Change.Actor actor, Function<Change, T> work) {
    return create(handle -> companyId, actor, work);
  }

  /**
   * Like {@link #change}, for a company that {@code create} inserts in the same transaction
   * (signup): the company and its first events commit together.
   */
  public <T> T create(HandleCallback<Long, RuntimeException> create, Change.Actor actor,
                      Function<Change, T> work) {
    Committed<T> committed = commit(create, actor, work);
    announce(committed);
    return committed.value();
  }

  /**
   * Like {@link #change}, but leaves the announcing to the caller: the publish API answers as
   * soon as the change is committed and only then hands its events to the fan-out
   * ({@link #announce}, from any thread), so its answer does not queue behind the delivery.
   */
  public <T> Committed<T> commit(long companyId, Change.Actor actor, Function<Change, T> work) {
    return commit(handle -> companyId, actor, work);
  }

  /** Publishes the events of a {@link #commit}ted change, in order. */
  public void announce(Committed<?> committed) {
    committed.events().forEach(publisher);
  }

  /**
   * A committed change's result and the events it has yet to announce.
   *
   * @param value  what the change's work returned
   * @param events its events, in id order
   */
  public record Committed<T>(T value, List<Event> events) {
  }

  private <T> Committed<T> commit(HandleCallback<Long, RuntimeException> create,
                                  Change.Actor actor, Function<Change, T> work) {
    Change[] done = new Change[1];
    T result = db.transaction(handle -> {
      long companyId = create.withHandle(handle);
      if (db.dialect() == Database.Dialect.POSTGRES) {
        // Lock the company before touching anything else: every change of a company takes
        // its locks in the same order, so concurrent changes queue instead of deadlocking.
        // (SQLite's BEGIN IMMEDIATE already serializes writers.)
        handle.createQuery("SELECT id FROM companies WHERE id = :id FOR UPDATE")
            .bind("id", companyId).mapTo(Long.class).findOne();
      }
      Change change = new Change(handle, companyId, actor);
      T value = work.apply(change);
      done[0] = change;
      return value;
    });
    return new Committed<>(result, done[0].events());
  }
}
