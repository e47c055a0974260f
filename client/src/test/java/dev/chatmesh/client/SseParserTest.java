package dev.chatmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Handler() {
        @Override
        public void onEvent(SseEvent event) {
            events.add(event);
        }

        @Override
        public void onComment(String comment) {
            comments.add(comment);
        }

        @Override
        public void onRetry(long millis) {
            retries.add(millis);
        }
    });

    private void feed(String... chunks) {
        for (String chunk : chunks) {
            parser.feed(chunk.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void feedBytes(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            parser.feed(chunk);
        }
    }

    @Test
    void aBlankLineDispatchesTheEventWithTypeMessageWhenNoneWasGiven() {
        feed("data: hello\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "hello", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void linesMayEndWithCrLfOrCrLf(String eol) {
        feed("event: a" + eol + "data: 1" + eol + "data: 2" + eol + eol + "data: 3" + eol + eol);

        assertThat(events).containsExactly(new SseEvent("a", "1\n2", ""), new SseEvent("message", "3", ""));
    }

    @Test
    void aCrAtTheEndOfOneChunkAndAnLfAtTheStartOfTheNextAreOneLineEnd() {
        feed("data: a\r", "\ndata: b\r", "\n\r", "\n");

        assertThat(events).containsExactly(new SseEvent("message", "a\nb", ""));
    }

    @Test
    void aLoneCrFollowedByTextIsALineEnd() {
        feed("data: a\r", "data: b\r\r");

        assertThat(events).containsExactly(new SseEvent("message", "a\nb", ""));
    }

    @Test
    void aLeadingUtf8BomIsSkipped() {
        feedBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "data: x\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void aLeadingBomSplitAcrossChunksIsSkipped() {
        feedBytes(new byte[] {(byte) 0xEF}, new byte[] {(byte) 0xBB}, new byte[] {(byte) 0xBF, 'd'},
                "ata: x\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void aBomAfterTheStartIsNotSkipped() {
        feed("data: a\n\n", "\uFEFFdata: b\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "a", ""));
    }

    @Test
    void commentLinesGoToTheCommentHookAndDispatchNothing() {
        feed(": ping\n\n", ":raw\n", "data: x\n\n");

        assertThat(comments).containsExactly("ping", "raw");
        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void dataLinesAreJoinedWithLineFeeds() {
        feed("data: one\ndata: two\ndata: three\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "one\ntwo\nthree", ""));
    }

    @Test
    void theEventFieldSetsTheTypeForOneEventOnly() {
        feed("event: customer_updated\ndata: 1\n\ndata: 2\n\n");

        assertThat(events).extracting(SseEvent::type).containsExactly("customer_updated", "message");
    }

    @Test
    void anEmptyEventFieldMeansMessage() {
        feed("event:\ndata: 1\n\n");

        assertThat(events).extracting(SseEvent::type).containsExactly("message");
    }

    @Test
    void theIdFieldSetsTheLastEventIdWhichPersistsAcrossLaterEvents() {
        feed("id: 7\ndata: a\n\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("7", "7");
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void anIdContainingNulIsIgnored() {
        feed("id: 7\ndata: a\n\nid: 8\0x\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("7", "7");
    }

    @Test
    void anEmptyIdResetsTheLastEventId() {
        feed("id: 7\ndata: a\n\nid\ndata: b\n\nid: 9\ndata: c\n\nid:\ndata: d\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("7", "", "9", "");
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void anIdOnlyBlockUpdatesTheLastEventIdWithoutDispatching() {
        feed("id: 12\n\n");

        assertThat(events).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("12");
    }

    @Test
    void aParserStartedWithAnIdCarriesItUntilTheStreamSendsAnother() {
        List<SseEvent> seen = new ArrayList<>();
        SseParser resumed = new SseParser("41", seen::add);
        resumed.feed("data: a\n\nid: 42\ndata: b\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(seen).extracting(SseEvent::id).containsExactly("41", "42");
    }

    @Test
    void aRetryOfOnlyAsciiDigitsSetsTheReconnectionTime() {
        feed("retry: 2500\n", "retry:0\n");

        assertThat(retries).containsExactly(2500L, 0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry: 10a\n", "retry: -5\n", "retry: 1.5\n", "retry:\n", "retry\n", "retry:  10\n", "retry: ١٢\n"})
    void aRetryThatIsNotOnlyAsciiDigitsIsIgnored(String line) {
        feed(line);

        assertThat(retries).isEmpty();
    }

    @Test
    void aFieldWithoutAColonIsThatFieldWithAnEmptyValue() {
        feed("data\n\n", "data\ndata\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("", "\n");
    }

    @Test
    void onlyOneLeadingSpaceAfterTheColonIsRemoved() {
        feed("data:  two spaces\n\n", "data:none\n\n", "data: x: y\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly(" two spaces", "none", "x: y");
    }

    @Test
    void aBlankLineWithNoDataDispatchesNothingAndForgetsTheType() {
        feed("event: ghost\n\n", "\n\n", "data: x\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void onlyTheOneTrailingLineFeedOfTheDataIsStripped() {
        feed("data: a\ndata:\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\n");
    }

    @Test
    void unknownFieldsAreIgnored() {
        feed("foo: bar\ndata: x\nEvent: shouted\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void anEventNotEndedByABlankLineIsNotDispatched() {
        feed("data: half");

        assertThat(events).isEmpty();
    }

    @Test
    void anyChunkingGivesTheSameEventsEvenInsideMultiByteCharacters() {
        String stream = "\uFEFFretry: 10\r\n: ping\r\nid: 1\revent: note_created\ndata: Zoë ✓ 😀 日本\r\n\r\n"
                + "data: {\"name\":\"Ωmega\"}\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> whole = parseInChunks(bytes, new int[] {bytes.length});
        assertThat(whole).containsExactly(
                new SseEvent("note_created", "Zoë ✓ 😀 日本", "1"),
                new SseEvent("message", "{\"name\":\"Ωmega\"}", "1"));

        int[] single = new int[bytes.length];
        Arrays.fill(single, 1);
        assertThat(parseInChunks(bytes, single)).isEqualTo(whole);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            assertThat(parseInChunks(bytes, randomSplit(bytes.length, random))).isEqualTo(whole);
        }
    }

    private static List<SseEvent> parseInChunks(byte[] bytes, int[] sizes) {
        List<SseEvent> seen = new ArrayList<>();
        SseParser fresh = new SseParser(seen::add);
        int at = 0;
        for (int size : sizes) {
            fresh.feed(Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        return seen;
    }

    private static int[] randomSplit(int length, Random random) {
        List<Integer> sizes = new ArrayList<>();
        int left = length;
        while (left > 0) {
            int size = Math.min(left, 1 + random.nextInt(7));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
