package dev.chatmesh.realtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseFramesTest {

  @Test
  void aFrameHasIdEventAndDataLinesAndEndsWithABlankLine() {
    assertThat(SseFrames.event("7", "customer_updated", "{\"a\":1}").toString())
        .isEqualTo("id: 7\nevent: customer_updated\ndata: {\"a\":1}\n\n");
  }

  @Test
  void dataIsSplitOnEveryKindOfLineEndSoNoLineCanEndTheFrameEarly() {
    assertThat(SseFrames.event(null, "x", "a\nb\r\nc\rd").toString())
        .isEqualTo("event: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    assertThat(SseFrames.event(null, "x", "").toString()).isEqualTo("event: x\ndata: \n\n");
    assertThat(SseFrames.event(null, "x", "end\n").toString())
        .isEqualTo("event: x\ndata: end\ndata: \n\n");
  }

  @Test
  void idsAndTypesLoseCarriageReturnsLineFeedsAndNulls() {
    assertThat(SseFrames.event("1\r\nevent: evil", "a\nb\0", "{}").toString())
        .isEqualTo("id: 1event: evil\nevent: ab\ndata: {}\n\n");
  }

  @Test
  void anEventsFrameIsEncodedOnceAndShared() {
    Frame frame = Frame.of(Event.of(1, 5, "t", "topic", null, null, "{}", 0));
    assertThat(frame.bytes()).isSameAs(frame.bytes());
    assertThat(frame.bytes().toString()).isEqualTo("id: 5\nevent: t\ndata: {}\n\n");
    assertThat(frame.chunk()).isSameAs(frame.chunk());
    assertThat(frame.chunk().toString(java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("19\r\nid: 5\nevent: t\ndata: {}\n\n\r\n");
  }

  @Test
  void topicFiltersAcceptListedTopicsOrEverythingWhenEmpty() {
    assertThat(TopicFilter.parse(null).accepts("any")).isTrue();
    assertThat(TopicFilter.parse(" notes , customers").accepts("customers")).isTrue();
    assertThat(TopicFilter.parse("notes").accepts("customers")).isFalse();
  }
}
