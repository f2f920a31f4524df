package lab;

import java.nio.channels.SelectableChannel;
import java.time.Duration;

// tag::wait[]
/** What a task may yield to the scheduler: wait until a channel can be read (or accepted), or written, or until a deadline. */
public sealed interface Wait {

    /** Wait until the channel can be read, or, for a server channel, until a client can be accepted; no longer than the timeout, if there is one. */
    record Recv(SelectableChannel channel, Duration timeout) implements Wait {}

    /** Wait until the channel can be written; no longer than the timeout, if there is one. */
    record Send(SelectableChannel channel, Duration timeout) implements Wait {}

    /** Wait until the time has passed. */
    record Sleep(Duration duration) implements Wait {}

    /** What a task's {@code y.yield(...)} returns when the scheduler wakes it from a wait. */
    enum Woke {
        /** The channel is ready (or, for a sleep, the time has come). */
        READY,
        /** The timeout passed before the channel was ready. */
        TIMED_OUT
    }

    /** A task yields {@code Wait.recv(channel)} to wait until it can read from (or accept on) the channel. */
    static Wait recv(SelectableChannel channel) {
        return new Recv(channel, null);
    }

    /** Like {@link #recv(SelectableChannel)}, but for no longer than {@code timeout}. */
    static Wait recv(SelectableChannel channel, Duration timeout) {
        return new Recv(channel, timeout);
    }

    /** A task yields {@code Wait.send(channel)} to wait until it can write to the channel. */
    static Wait send(SelectableChannel channel) {
        return new Send(channel, null);
    }

    /** Like {@link #send(SelectableChannel)}, but for no longer than {@code timeout}. */
    static Wait send(SelectableChannel channel, Duration timeout) {
        return new Send(channel, timeout);
    }

    /** A task yields {@code Wait.sleep(duration)} to let the others run until the time has passed; zero waits for the next round. */
    static Wait sleep(Duration duration) {
        return new Sleep(duration);
    }
}
// end::wait[]
