package dev.modeldeploy.runtime.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * One evaluated window of live traffic.
 *
 * @param sequence the window's number for this monitor, from 1
 * @param start    when its first pane opened
 * @param end      when its last pane closed
 * @param records  predictions recorded in it
 */
public record Window(long sequence, Instant start, Instant end, long records) {
    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
