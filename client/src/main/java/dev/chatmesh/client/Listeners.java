package dev.chatmesh.client;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The listeners registered on a builder; a listener that throws is logged and does not stop the others. */
record Listeners(
        Map<String, List<Consumer<SseEvent>>> byType,
        List<Consumer<SseEvent>> all,
        List<Consumer<String>> comments,
        List<Consumer<StateChange>> states) {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    Listeners {
        byType = Map.copyOf(byType);
        all = List.copyOf(all);
        comments = List.copyOf(comments);
        states = List.copyOf(states);
    }

    void event(SseEvent event) {
        notify(byType.getOrDefault(event.type(), List.of()), event);
        notify(all, event);
    }

    void comment(String comment) {
        notify(comments, comment);
    }

    void state(StateChange change) {
        notify(states, change);
    }

    private static <T> void notify(List<Consumer<T>> listeners, T value) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "listener threw on " + value, e);
            }
        }
    }
}
