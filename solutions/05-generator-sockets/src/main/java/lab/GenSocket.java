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

// tag::class[]
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
    // end::class[]

    // tag::accept[]
    /** Accepts the next client, waiting until one connects, and returns it non-blocking; hand its {@link #channel()} to the task that serves it. */
    public GenSocket accept() throws IOException {
        // BEGIN SOLUTION accept() [step05-gensocket]: accept on the server channel; while that returns null, yield Wait.recv(channel) and try again; when it throws an IOException (out of descriptors), print "Cannot accept: " + its message once, as step 04's tcpServer does, and wait and try again the same way; make the client non-blocking, turn on TCP_NODELAY as step 04's tcpServer does, and return it wrapped with the same yielder
        var server = (ServerSocketChannel) channel;
        SocketChannel client = null;
        // try first, and wait only when nobody is there: a burst of clients is taken without a yield between them
        while (client == null) {
            try {
                client = server.accept();
                if (client == null) full = false; // every waiting client taken
            } catch (IOException e) {
                // "Too many open files": the client stays in the listen queue until a connection closes
                if (!full) System.out.println("Cannot accept: " + e.getMessage() + "; clients wait until a connection closes");
                full = true;
            }
            if (client == null) y.yield(Wait.recv(channel));
        }
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true); // send a reply's last piece at once, as step 04 does
        return new GenSocket(y, client);
        // END SOLUTION
    }
    // end::accept[]

    // tag::recv[]
    /** Reads into the buffer, waiting only when there is nothing to read yet; returns how many bytes were read, or -1 at the end of the stream. */
    public int recv(ByteBuffer into) throws IOException {
        // BEGIN SOLUTION recv(into) [step05-gensocket]: read at once if the last read filled its buffer and fewer than READS_IN_A_ROW reads came since the last wait; while the read gets nothing (or was not tried) and the buffer has room, yield Wait.recv(channel) and read again; count every read in readsInARow, the one right after a wait as the first (at most READS_IN_A_ROW reads per wake-up), note in filled whether this read filled the buffer, and return what read returns
        var in = (ReadableByteChannel) channel;
        int n = filled && readsInARow < READS_IN_A_ROW ? in.read(into) : 0; // else a read now would most likely get nothing
        while (n == 0 && into.hasRemaining()) {
            readsInARow = 0;
            y.yield(Wait.recv(channel));
            n = in.read(into);
        }
        readsInARow++;
        filled = !into.hasRemaining();
        return n;
        // END SOLUTION
    }
    // end::recv[]

    // tag::send[]
    /** Writes all that remains in the buffer, waiting whenever the channel cannot take more. */
    public void send(ByteBuffer from) throws IOException {
        // BEGIN SOLUTION send(from) [step05-gensocket]: write the buffer; while bytes of it remain, yield Wait.send(channel) and write again
        var out = (WritableByteChannel) channel;
        out.write(from);
        while (from.hasRemaining()) {
            y.yield(Wait.send(channel));
            out.write(from);
        }
        // END SOLUTION
    }
    // end::send[]

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
