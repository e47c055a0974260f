package example;

import dev.chatmesh.client.SseClient;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The README's example: prints the first event of a company's stream. Args: url token company. */
public final class Watch {

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch first = new CountDownLatch(1);
    SseClient client = SseClient.builder(URI.create(args[0] + "api/events/stream"))
        .bearerToken(args[1])
        .companyId(args[2])
        .onEvent(e -> {
          System.out.println("event " + e.type() + " " + e.data());
          first.countDown();
        })
        .build()
        .connect();
    boolean got = first.await(30, TimeUnit.SECONDS);
    client.close();
    System.exit(got ? 0 : 1);
  }
}
