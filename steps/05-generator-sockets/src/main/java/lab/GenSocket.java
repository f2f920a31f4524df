package lab;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import lab.gen.Yielder;

/** A non-blocking channel whose calls read like blocking ones: each waits for the channel by yielding from the task that calls it. */
public final class GenSocket implements Closeable {

    // the yielder of the task that owns this socket: only that task may call recv, send and accept
    private final Yielder<? super Wait, ?> y;
    private final SelectableChannel channel;
    // a server socket out of descriptors: said once, until every waiting client is taken
    private boolean full;
    // reads since the last wait: after READS_IN_A_ROW, recv waits anyway, so a client that never stops sending
    // cannot keep the thread from the others (Netty reads at most 16 times per wake-up, for the same reason)
    private static final int READS_IN_A_ROW = 16;
    private int readsInARow;
    // whether the last read filled its buffer: then the client had sent more than fit, and more is likely there
    private boolean filled;

    /** Wraps a non-blocking channel for the task whose body received {@code y}. */
    public GenSocket(Yielder<? super Wait, ?> y, SelectableChannel channel) {
        this.y = y;
        this.channel = channel;
    }

    /** Accepts the next client, waiting until one connects, and returns it non-blocking; hand its {@link #channel()} to the task that serves it. */
    public GenSocket accept() throws IOException {
        // TODO accept(): accept on the server channel; while that returns null, yield Wait.recv(channel) and try again; when it throws an IOException (out of descriptors), print "Cannot accept: " + its message once, as step 04's tcpServer does, and wait and try again the same way; make the client non-blocking, turn on TCP_NODELAY as step 04's tcpServer does, and return it wrapped with the same yielder
        //      Book: "A socket that yields for you" (book/target/lab.html#step05-gensocket)
        throw new UnsupportedOperationException("TODO accept(): not written yet; see the book, \"A socket that yields for you\" (book/target/lab.html#step05-gensocket)");
    }

    /** Reads into the buffer, waiting only when there is nothing to read yet; returns how many bytes were read, or -1 at the end of the stream. */
    public int recv(ByteBuffer into) throws IOException {
        // TODO recv(into): read at once if the last read filled its buffer and fewer than READS_IN_A_ROW reads came since the last wait; while the read gets nothing (or was not tried) and the buffer has room, yield Wait.recv(channel) and read again; count every read in readsInARow, the one right after a wait as the first (at most READS_IN_A_ROW reads per wake-up), note in filled whether this read filled the buffer, and return what read returns
        //      Book: "A socket that yields for you" (book/target/lab.html#step05-gensocket)
        throw new UnsupportedOperationException("TODO recv(into): not written yet; see the book, \"A socket that yields for you\" (book/target/lab.html#step05-gensocket)");
    }

    /** Writes all that remains in the buffer, waiting whenever the channel cannot take more. */
    public void send(ByteBuffer from) throws IOException {
        // TODO send(from): write the buffer; while bytes of it remain, yield Wait.send(channel) and write again
        //      Book: "A socket that yields for you" (book/target/lab.html#step05-gensocket)
        throw new UnsupportedOperationException("TODO send(from): not written yet; see the book, \"A socket that yields for you\" (book/target/lab.html#step05-gensocket)");
    }

    /** The address of the other end of a connected socket, or null if there is none. */
    public SocketAddress remoteAddress() {
        return channel instanceof SocketChannel socket ? socket.socket().getRemoteSocketAddress() : null;
    }

    /** The connected socket this wraps. */
    public SocketChannel channel() {
        if (channel instanceof SocketChannel socket) return socket;
        throw new IllegalStateException("channel() is for a connected socket, but this GenSocket wraps " + channel);
    }

    /** Closes the channel. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
