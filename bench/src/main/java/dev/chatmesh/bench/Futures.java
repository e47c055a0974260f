package dev.chatmesh.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs many asynchronous steps with a bound on how many are under way at once. */
final class Futures {

  private Futures() {
  }

  /** Calls {@code task(0..count-1)}, at most {@code parallel} at a time; results in order. */
  static <T> Future<List<T>> bounded(int parallel, int count, IntFunction<Future<T>> task) {
    Promise<List<T>> done = Promise.promise();
    Object[] results = new Object[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    if (count == 0) {
      return Future.succeededFuture(List.of());
    }
    Runnable[] start = new Runnable[1];
    start[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      task.apply(i).onComplete(result -> {
        if (result.failed()) {
          done.tryFail(result.cause());
          return;
        }
        results[i] = result.result();
        if (finished.incrementAndGet() == count) {
          @SuppressWarnings("unchecked")
          List<T> list = (List<T>) new ArrayList<>(Arrays.asList(results));
          done.tryComplete(list);
        } else {
          start[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(parallel, count); i++) {
      start[0].run();
    }
    return done.future();
  }
}
