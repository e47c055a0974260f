package dev.chatmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SSE parser fed arbitrary bytes in arbitrary chunks: nothing escapes it, and where the
 * chunks fall never changes what it reports. Seeds and past findings:
 * {@code SseParserFuzzTestInputs/} in the test resources.
 */
class SseParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyBytesInAnyChunksParseAlikeAndNeverThrow(FuzzedDataProvider data) {
        int[] cuts = data.consumeInts(8);
        String lastId = data.consumeString(20);
        byte[] stream = data.consumeRemainingAsBytes();

        List<Object> whole = new ArrayList<>();
        SseParser one = new SseParser(lastId, recorder(whole));
        one.feed(stream);

        List<Object> pieces = new ArrayList<>();
        SseParser chunked = new SseParser(lastId, recorder(pieces));
        int at = 0;
        for (int cut : cuts) {
            int end = Math.min(stream.length, at + Math.floorMod(cut, 64));
            chunked.feed(Arrays.copyOfRange(stream, at, end));
            at = end;
        }
        chunked.feed(Arrays.copyOfRange(stream, at, stream.length));

        assertThat(pieces).isEqualTo(whole);
        assertThat(chunked.lastEventId()).isEqualTo(one.lastEventId());
    }

    private static SseParser.Handler recorder(List<Object> seen) {
        return new SseParser.Handler() {
            @Override
            public void onEvent(SseEvent event) {
                seen.add(event);
            }

            @Override
            public void onComment(String comment) {
                seen.add("comment " + comment);
            }

            @Override
            public void onRetry(long millis) {
                seen.add(millis);
            }
        };
    }
}
