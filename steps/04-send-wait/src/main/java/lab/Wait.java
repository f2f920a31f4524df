package lab;

import java.nio.channels.SelectableChannel;

/** What a task may yield to the scheduler: wait until a channel can be read (or accepted), or written. */
public sealed interface Wait {

    /** The channel the task waits for. */
    SelectableChannel channel();

    /** Wait until the channel can be read, or, for a server channel, until a client can be accepted. */
    record Recv(SelectableChannel channel) implements Wait {}

    /** Wait until the channel can be written. */
    record Send(SelectableChannel channel) implements Wait {}

    /** A task yields {@code Wait.recv(channel)} to wait until it can read from (or accept on) the channel. */
    static Wait recv(SelectableChannel channel) {
        return new Recv(channel);
    }

    /** A task yields {@code Wait.send(channel)} to wait until it can write to the channel. */
    static Wait send(SelectableChannel channel) {
        return new Send(channel);
    }
}
