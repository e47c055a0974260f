package dev.chatmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PollPageTest {

    @Test
    void eachEventKeepsTheExactJsonTextOfItsEnvelope() throws IOException {
        String first = "{ \"id\" : 12, \"type\":\"customer_updated\",\"company_id\":7,\"data\":{\"x\":1.50e0,\"y\":[1, {}]}}";
        String second = "{\"type\":\"note_deleted\",\"id\":\"13\",\"data\":{\"id\":\"n\\u00e9\"}}";

        PollPage page = PollPage.parse("{\"events\":[" + first + " ,\n" + second + "],\"headId\":\"13\",\"more\":{\"a\":[]}}");

        assertThat(page.events()).containsExactly(
                new SseEvent("customer_updated", first, "12"),
                new SseEvent("note_deleted", second, "13"));
        assertThat(page.headId()).isEqualTo("13");
        assertThat(page.reset()).isEmpty();
    }

    @Test
    void aResetBecomesAResetEventCarryingTheResetObjectAndTheHeadId() throws IOException {
        PollPage page = PollPage.parse(
                "{\"events\":[],\"reset\":{\"reason\":\"history_truncated\",\"headId\":\"40\"},\"headId\":\"40\"}");

        assertThat(page.events()).isEmpty();
        assertThat(page.reset()).contains(
                new SseEvent("reset", "{\"reason\":\"history_truncated\",\"headId\":\"40\"}", "40"));
        assertThat(page.headId()).isEqualTo("40");
    }

    @Test
    void malformedAnswersAreRejected() {
        assertThatThrownBy(() -> PollPage.parse("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PollPage.parse("{\"events\":[1]}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PollPage.parse("{\"events\":[{\"id\":")).isInstanceOf(IOException.class);
    }

    @Test
    void theHeadIdOfAReadyEventIsFoundAndAnythingElseGivesEmpty() {
        assertThat(PollPage.headIdOf("{\"headId\":\"40\",\"companyId\":7}")).isEqualTo("40");
        assertThat(PollPage.headIdOf("{\"companyId\":7,\"headId\":41}")).isEqualTo("41");
        assertThat(PollPage.headIdOf("not json")).isEmpty();
        assertThat(PollPage.headIdOf("{\"companyId\":7}")).isEmpty();
    }
}
