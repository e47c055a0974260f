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
  void anEventEncodesItsFrameOnceAndSharesIt() {
    Event event = Event.of(1, 5, "t", "topic", null, null, "{}", 0);
    assertThat(event.frame()).isSameAs(event.frame());
    assertThat(event.frame().toString()).isEqualTo("id: 5\nevent: t\ndata: {}\n\n");
  }

  @Test
  void topicFiltersAcceptListedTopicsOrEverythingWhenEmpty() {
    assertThat(TopicFilter.parse(null).accepts("any")).isTrue();
    assertThat(TopicFilter.parse(" notes , customers").accepts("customers")).isTrue();
    assertThat(TopicFilter.parse("notes").accepts("customers")).isFalse();
  }
}
