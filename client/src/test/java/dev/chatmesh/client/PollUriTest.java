package dev.chatmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PollUriTest {

    @Test
    void thePollEndpointIsTheStreamEndpointWithoutStreamKeepingCompanyAndTopics() {
        assertThat(PollAttempt.baseFor(URI.create("https://h.example/api/events/stream?company=7&lastEventId=9&topics=a,b")))
                .isEqualTo(URI.create("https://h.example/api/events?company=7&topics=a,b"));
        assertThat(PollAttempt.baseFor(URI.create("http://127.0.0.1:8080/api/events/stream")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/events"));
    }

    @Test
    void aPollAsksForEventsAfterTheLastIdWithLimitAndWait() {
        URI base = URI.create("https://h.example/api/events?company=7");

        assertThat(PollAttempt.uri(base, "12", 100, 25))
                .isEqualTo(URI.create("https://h.example/api/events?company=7&after=12&limit=100&wait=25"));
        assertThat(PollAttempt.uri(URI.create("http://h/api/events"), "", 5, 0))
                .as("no id yet: the server answers from its head")
                .isEqualTo(URI.create("http://h/api/events?limit=5&wait=0"));
    }
}
