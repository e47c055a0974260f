package dev.chatmesh.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects everything a client reports, for assertions. */
final class Recorder {

    final List<SseEvent> events = new CopyOnWriteArrayList<>();
    final List<StateChange> changes = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();

    SseClientBuilder attach(SseClientBuilder builder) {
        return builder.onEvent(events::add).onStateChange(changes::add).onComment(comments::add);
    }

    List<String> ids() {
        return events.stream().map(SseEvent::id).toList();
    }

    List<String> types() {
        return events.stream().map(SseEvent::type).toList();
    }

    List<ConnectionState> states() {
        return changes.stream().map(StateChange::current).toList();
    }

    ConnectionState state() {
        return changes.isEmpty() ? ConnectionState.NEW : changes.get(changes.size() - 1).current();
    }
}
