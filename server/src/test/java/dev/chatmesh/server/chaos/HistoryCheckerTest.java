package dev.chatmesh.server.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker itself: each kind of violation in a hand-made history is found and named. */
class HistoryCheckerTest {

  private static final long COMPANY = 7;
  private static final Map<Long, List<HistoryChecker.Committed>> COMMITTED = Map.of(COMPANY,
      List.of(new HistoryChecker.Committed(1, "customer_created", "10", 1),
          new HistoryChecker.Committed(2, "customer_updated", "10", 2),
          new HistoryChecker.Committed(3, "employee_deleted", "5", -1),
          new HistoryChecker.Committed(4, "customer_updated", "10", 3)));

  @Test
  void aCompleteHistoryIsClean() {
    HistoryChecker checker = new HistoryChecker();
    HistoryChecker.Stream stream = opened(checker.stream("whole", COMPANY));
    for (long seq = 1; seq <= 4; seq++) {
      receive(stream, seq);
    }
    assertThat(checker.check(COMMITTED).clean()).isTrue();
  }

  @Test
  void lostDuplicatedReorderedAndForeignFramesAreCounted() {
    HistoryChecker checker = new HistoryChecker();
    HistoryChecker.Stream stream = opened(checker.stream("bad", COMPANY));
    receive(stream, 2);
    receive(stream, 1);
    receive(stream, 2);
    stream.received(3, "customer_deleted", "{\"company_id\":7,\"data\":{\"id\":\"10\"}}");
    HistoryChecker.Report report = checker.check(COMMITTED);
    assertThat(report.reordered()).isEqualTo(1);
    assertThat(report.duplicated()).isEqualTo(1);
    assertThat(report.foreign()).isEqualTo(1);
    assertThat(report.lost()).as("3 was not what was committed, 4 never came").isEqualTo(2);
    assertThat(report.problems()).allMatch(line -> line.startsWith("bad (company 7)"));
  }

  @Test
  void aRemovedMembersStreamIsOwedNothingAfterTheRemovalAndMustNotGetIt() {
    HistoryChecker checker = new HistoryChecker();
    HistoryChecker.Stream kept = opened(checker.stream("member", COMPANY, "5"));
    receive(kept, 1);
    receive(kept, 2);
    assertThat(checker.check(COMMITTED).clean()).as("ended at the removal: nothing lost").isTrue();

    receive(kept, 4);
    HistoryChecker.Report report = checker.check(COMMITTED);
    assertThat(report.afterRevocation()).isEqualTo(1);
    assertThat(report.problems()).anyMatch(line -> line.contains("after the member's removal"));
  }

  private static HistoryChecker.Stream opened(HistoryChecker.Stream stream) {
    stream.start = 0;
    return stream;
  }

  /** Receives exactly what was committed under {@code seq}. */
  private static void receive(HistoryChecker.Stream stream, long seq) {
    HistoryChecker.Committed c = COMMITTED.get(COMPANY).get((int) seq - 1);
    stream.received(seq, c.type(), "{\"company_id\":" + COMPANY + ",\"data\":{\"id\":\""
        + c.entityId() + "\",\"version\":" + c.version() + "}}");
  }
}
