package dev.chatmesh.server.inbox;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * {@code /api/conversations/{id}/messages}: a thread's messages, newest first, and agents'
 * replies. A reply is stored {@code pending} together with its entry in the send queue, in the
 * same transaction; the queue delivers it to the platform afterwards and announces each change
 * of its status.
 */
public final class Messages {

  /** The longest reply accepted: the smallest of the platforms' text limits (2,000). */
  static final int MAX_CONTENT = 2000;

  private final Store store;
  private final Runnable wake;

  /** Serves messages from {@code store}; {@code wake} tells the send queue a reply is waiting. */
  public Messages(Store store, Runnable wake) {
    this.store = store;
    this.wake = wake;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/conversations/:id/messages").handler(this::list);
    router.post("/api/conversations/:id/messages").handler(this::send);
    router.route("/api/conversations/:id/messages").handler(Problems.allowOnly("GET", "POST"));
  }

  /** The company's message {@code id}. */
  public static Optional<Message> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Message.SELECT + " WHERE m.company_id = :company AND m.id = :id")
        .bind("company", companyId).bind("id", id).map((rs, ctx) -> Message.map(rs)).findOne();
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long conversationId = Query.pathId(ctx, "id", "Conversation");
    Long limit = Query.optionalLong(ctx, "limit", 1, 200);
    Long before = Query.optionalLong(ctx, "before", 1, Long.MAX_VALUE);
    int size = limit == null ? 50 : limit.intValue();
    Blocking.respond(ctx, 200, () -> store.read(handle -> {
      Conversations.find(handle, member.companyId(), conversationId)
          .orElseThrow(() -> ApiException.notFound("Conversation"));
      // One row more than asked tells whether an older page exists.
      List<Message> rows = handle.createQuery(Message.SELECT + " WHERE m.company_id = :company "
              + "AND m.conversation_id = :conversation" + (before == null ? "" : " AND m.id < :before")
              + " ORDER BY m.id DESC LIMIT :limit")
          .bind("company", member.companyId()).bind("conversation", conversationId)
          .bind("before", before).bind("limit", size + 1)
          .map((rs, c) -> Message.map(rs)).list();
      boolean more = rows.size() > size;
      return new Page(more ? rows.subList(0, size) : rows, size, more);
    }));
  }

  private void send(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long conversationId = Query.pathId(ctx, "id", "Conversation");
    Input in = Input.of(ctx);
    String content = in.text("content", true, MAX_CONTENT);
    in.validate();
    Blocking.run(ctx, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Conversation conversation = Conversations.find(handle, member.companyId(), conversationId)
          .orElseThrow(() -> ApiException.notFound("Conversation"));
      if (!conversation.canReply()) {
        throw ApiException.conflict("This conversation's channel cannot send replies: it was "
            + "removed or has no access token.");
      }
      long id = handle.createQuery("INSERT INTO messages (company_id, conversation_id, "
              + "channel_id, sender, author_id, content, delivery_status, sent_at, created_at, "
              + "updated_at) VALUES (:company, :conversation, :channel, 'agent', :author, "
              + ":content, 'pending', :now, :now, :now) RETURNING id")
          .bind("company", member.companyId()).bind("conversation", conversationId)
          .bind("channel", conversation.channelId()).bind("author", member.employeeId())
          .bind("content", content).bind("now", change.now()).mapTo(Long.class).one();
      SendQueue.enqueue(change, id);
      Message sent = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.MESSAGE_SENT, sent);
      Conversations.recordMessage(change, conversationId, sent, change.now());
      change.activity("message", id, "sent", member.membership().name() + " replied to "
          + conversation.customer().name() + " on " + Platform.of(conversation.platform())
          .title());
      return sent;
    })).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      wake.run();
      Blocking.send(ctx, 201, result.result());
    });
  }

  /**
   * One page of a thread, newest first; ask for the next (older) one with
   * {@code before=<the last item's id>}.
   *
   * @param items   the messages, newest first
   * @param limit   the page size asked for
   * @param hasMore whether older messages exist
   */
  public record Page(List<Message> items, int limit, boolean hasMore) {
  }
}
