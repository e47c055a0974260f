package dev.chatmesh.realtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every JSON shape of docs/SPEC.md §3, byte for byte. */
class WireTest {

  private static final long AT = Instant.parse("2026-11-22T10:15:30.123Z").toEpochMilli();

  @Test
  void anEventIsOneFrameWhoseDataIsTheEnvelopeWithTheIdAsAString() {
    String envelope = Wire.envelope(1842, "customer_updated", 7, AT, "{\"name\":\"Zoë\"}");
    assertThat(envelope).isEqualTo("{\"id\":\"1842\",\"type\":\"customer_updated\","
        + "\"company_id\":7,\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"data\":{\"name\":\"Zoë\"}}");
    Event event = Event.of(7, 1842, "customer_updated", "customers", null, null, envelope, 0);
    assertThat(Frame.of(event).bytes().toString())
        .isEqualTo("id: 1842\nevent: customer_updated\ndata: " + envelope + "\n\n");
  }

  @Test
  void anEnvelopeEscapesItsTypeAndKeepsItsDataAsGiven() {
    assertThat(Wire.envelope(1, "a\"b\n", 2, 0, "[1, 2]"))
        .isEqualTo("{\"id\":\"1\",\"type\":\"a\\\"b\\n\",\"company_id\":2,"
            + "\"timestamp\":\"1970-01-01T00:00:00.000Z\",\"data\":[1, 2]}");
  }

  @Test
  void readyCarriesTheHeadTheCompanyAndTheHeartbeatAndHasNoId() {
    assertThat(Wire.ready(1841, 7, 15000).toString()).isEqualTo(
        "event: ready\ndata: {\"headId\":\"1841\",\"companyId\":7,\"heartbeatMs\":15000}\n\n");
  }

  @Test
  void resetSaysHistoryTruncatedAndCarriesTheHeadAsItsId() {
    assertThat(Wire.reset(1850).toString()).isEqualTo("id: 1850\nevent: reset\n"
        + "data: {\"reason\":\"history_truncated\",\"headId\":\"1850\"}\n\n");
  }

  @Test
  void revokedCarriesTheReasonAndHasNoId() {
    assertThat(Wire.revoked("token_expired").toString())
        .isEqualTo("event: revoked\ndata: {\"reason\":\"token_expired\"}\n\n");
  }

  @Test
  void aPollPageListsTheEnvelopesThenLastIdAndHeadId() {
    Event first = Event.of(7, 1849, "a", "t", null, null, "{\"id\":\"1849\"}", 0);
    Event second = Event.of(7, 1850, "b", "t", null, null, "{\"id\":\"1850\"}", 0);
    assertThat(Wire.page(new Poller.Result(List.of(first, second), 1850, 1850, false)))
        .isEqualTo("{\"events\":[{\"id\":\"1849\"},{\"id\":\"1850\"}],\"lastId\":\"1850\","
            + "\"headId\":\"1850\"}");
    assertThat(Wire.page(new Poller.Result(List.of(), 1848, 1850, false)))
        .isEqualTo("{\"events\":[],\"lastId\":\"1848\",\"headId\":\"1850\"}");
  }

  @Test
  void aPollPageFromOutsideTheHistoryHasNoEventsAndAReset() {
    assertThat(Wire.page(new Poller.Result(List.of(), 1850, 1850, true)))
        .isEqualTo("{\"events\":[],\"lastId\":\"1850\",\"headId\":\"1850\","
            + "\"reset\":{\"reason\":\"history_truncated\",\"headId\":\"1850\"}}");
  }

  @Test
  void aClientResetsWhenHistoryLostWhatFollowsItsIdOrItsIdIsBeyondTheHead() {
    assertThat(new History.Page(List.of(), 10, true).resets(3)).isTrue();
    assertThat(new History.Page(List.of(), 10, false).resets(11)).isTrue();
    assertThat(new History.Page(List.of(), 10, false).resets(10)).isFalse();
    assertThat(new History.Page(List.of(), 10, false).resets(0)).isFalse();
  }
}
