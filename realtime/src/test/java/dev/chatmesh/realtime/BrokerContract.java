package dev.chatmesh.realtime;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link Broker} must do; each implementation's test extends this class and says
 * how to make one. Two brokers made by {@link #broker} act as two nodes.
 */
abstract class BrokerContract {

  static final Duration WAIT = Duration.ofSeconds(5);
  Vertx vertx;
  private final List<Broker> made = new CopyOnWriteArrayList<>();

  /** A new broker; brokers of one test share their transport (like nodes of one cluster). */
  abstract Broker create(Vertx vertx);

  Broker broker() {
    Broker broker = create(vertx);
    made.add(broker);
    return broker;
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    made.forEach(Broker::close);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static Event event(long company, long seq, Long recipient) {
    return Event.of(company, seq, "t.x", "topic", recipient, null,
        "{\"id\":\"" + seq + "\",\"data\":{\"line\":\"a|b\"}}", 0);
  }

  @Test
  void aBrokerThatReachesItsTransportSaysItIsConnected() {
    Broker broker = broker();
    await().atMost(WAIT).until(broker::connected);
  }

  @Test
  void theCensusAnswersEveryLiveNodesCountsAndForgetsAnExpiredOne() throws Exception {
    Broker nodeA = broker();
    Broker nodeB = broker();
    nodeA.census("a", java.util.Map.of("c7", 2), Duration.ofMillis(300))
        .await(5, TimeUnit.SECONDS);
    assertThat(nodeB.census("b", java.util.Map.of("c7", 1, "a9", 1), Duration.ofSeconds(10))
        .await(5, TimeUnit.SECONDS))
        .isEqualTo(java.util.Map.of("a", java.util.Map.of("c7", 2),
            "b", java.util.Map.of("c7", 1, "a9", 1)));
    await().atMost(WAIT).until(() -> !nodeB.census("b", java.util.Map.of(), Duration.ofSeconds(10))
        .await(5, TimeUnit.SECONDS).containsKey("a"));
  }

  @Test
  void aSubscriberReceivesEveryEventOfItsCompanyWithAllFields() throws Exception {
    Broker broker = broker();
    List<Event> got = new CopyOnWriteArrayList<>();
    broker.subscribe(7, got::add).await(5, TimeUnit.SECONDS);
    broker.publish(event(7, 1, null)).await(5, TimeUnit.SECONDS);
    broker.publish(Event.of(7, 2, "t.y", "other", 42L, 9L, "{}", 0)).await(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> got.size() == 2);
    assertThat(got.get(0).json()).isEqualTo(event(7, 1, null).json());
    Event second = got.get(1);
    assertThat(List.of(second.companyId(), second.seq(), second.recipientId(), second.revokes()))
        .containsExactly(7L, 2L, 42L, 9L);
    assertThat(second.type()).isEqualTo("t.y");
    assertThat(second.topic()).isEqualTo("other");
  }

  @Test
  void typesTopicsAndDataMayHoldAnyCharacterAPipeIncluded() throws Exception {
    Broker broker = broker();
    List<Event> got = new CopyOnWriteArrayList<>();
    broker.subscribe(4, got::add).await(5, TimeUnit.SECONDS);
    Event sent = Event.of(4, 1, "type|with|pipes", "topic|1|", 5L, null, "{\"p\":\"|\"}", 0);
    broker.publish(sent).await(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> got.size() == 1);
    Event received = got.getFirst();
    assertThat(List.of(received.type(), received.topic(), received.json()))
        .containsExactly(sent.type(), sent.topic(), sent.json());
    assertThat(received.recipientId()).isEqualTo(5L);
  }

  @Test
  void eventsOfOtherCompaniesNeverReachASubscriber() throws Exception {
    Broker broker = broker();
    List<Event> seven = new CopyOnWriteArrayList<>();
    List<Event> eight = new CopyOnWriteArrayList<>();
    broker.subscribe(7, seven::add).await(5, TimeUnit.SECONDS);
    broker.subscribe(8, eight::add).await(5, TimeUnit.SECONDS);
    broker.publish(event(8, 1, null)).await(5, TimeUnit.SECONDS);
    broker.publish(event(7, 1, null)).await(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> seven.size() == 1 && eight.size() == 1);
    assertThat(seven.getFirst().companyId()).isEqualTo(7);
    assertThat(eight.getFirst().companyId()).isEqualTo(8);
  }

  @Test
  void anEventPublishedOnOneNodeReachesTheSubscribersOfEveryNode() throws Exception {
    Broker nodeA = broker();
    Broker nodeB = broker();
    List<Event> onA = new CopyOnWriteArrayList<>();
    List<Event> onB = new CopyOnWriteArrayList<>();
    nodeA.subscribe(5, onA::add).await(5, TimeUnit.SECONDS);
    nodeB.subscribe(5, onB::add).await(5, TimeUnit.SECONDS);
    nodeA.publish(event(5, 1, null)).await(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> onA.size() == 1 && onB.size() == 1);
  }

  @Test
  void afterUnsubscribingNothingMoreArrives() throws Exception {
    Broker broker = broker();
    List<Event> got = new CopyOnWriteArrayList<>();
    List<Event> stays = new CopyOnWriteArrayList<>();
    Broker.Subscription subscription = broker.subscribe(3, got::add).await(5, TimeUnit.SECONDS);
    broker.subscribe(3, stays::add).await(5, TimeUnit.SECONDS);
    subscription.unsubscribe().await(5, TimeUnit.SECONDS);
    broker.publish(event(3, 1, null)).await(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> stays.size() == 1);
    assertThat(got).isEmpty();
  }

  @Test
  void aBurstArrivesCompleteAndInPublishOrderFromOnePublisher() throws Exception {
    Broker broker = broker();
    List<Event> got = new CopyOnWriteArrayList<>();
    broker.subscribe(11, got::add).await(5, TimeUnit.SECONDS);
    for (int i = 1; i <= 500; i++) {
      broker.publish(event(11, i, null));
    }
    await().atMost(WAIT).until(() -> got.size() == 500);
    assertThat(got).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
  }
}
