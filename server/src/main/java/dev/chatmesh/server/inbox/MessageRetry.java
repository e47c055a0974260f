package dev.chatmesh.server.inbox;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/conversations/{cid}/messages/{id}/retry}: any member sends a {@code failed}
 * agent message again. It goes back to {@code pending} with a fresh delivery row (attempts
 * and age start over) and the worker is woken after the commit; anything else is 409.
 */
public final class MessageRetry {

  private static final String PATH = "/api/conversations/:cid/messages/:id/retry";

  private final Store store;
  private final Runnable wake;

  /** Retries through {@code store}, then runs {@code wake} (the local send worker). */
  public MessageRetry(Store store, Runnable wake) {
    this.store = store;
    this.wake = wake;
  }

  /** Mounts the route (behind the membership check). */
  public void mount(Router router) {
    router.post(PATH).handler(this::retry);
    router.route(PATH).handler(Problems.allowOnly("POST"));
  }

  private void retry(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long conversationId = Query.pathId(ctx, "cid", "Conversation");
    long id = Query.pathId(ctx, "id", "Message");
    Blocking.run(ctx, () -> store.change(member.companyId(), member.actor(), change -> {
      Message message = Messages.find(change.handle(), member.companyId(), id)
          .filter(m -> m.conversationId() == conversationId)
          .orElseThrow(() -> ApiException.notFound("Message"));
      if (!"agent".equals(message.sender()) || !"failed".equals(message.deliveryStatus())) {
        throw ApiException.conflict("only an agent message whose delivery failed can be "
            + "retried; this one is " + (message.deliveryStatus() == null ? "a customer's"
            : message.deliveryStatus()));
      }
      Conversation conversation = Conversations.find(change.handle(), member.companyId(),
          conversationId).orElseThrow();
      if (!conversation.canReply()) {
        throw ApiException.conflict("the channel of this conversation was removed or has no "
            + "access token");
      }
      change.handle().createUpdate("UPDATE messages SET delivery_status = 'pending', "
              + "delivery_error = NULL, updated_at = :now, version = version + 1 "
              + "WHERE id = :id AND company_id = :company")
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      SendQueue.enqueue(change, id);
      Message pending = Messages.find(change.handle(), member.companyId(), id).orElseThrow();
      change.emit(Catalog.MESSAGE_UPDATED, pending);
      change.activity("message", id, "retried", member.membership().name()
          + " sent a failed message again to " + conversation.customer().name());
      return pending;
    })).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      wake.run();
      Blocking.send(ctx, 202, result.result());
    });
  }
}
