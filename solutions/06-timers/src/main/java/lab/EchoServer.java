package lab;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Function;
import lab.gen.Generator;

/** The echo server of the original lesson: a task that accepts clients, and a task per client that answers {@code GOT:} + what it read. */
public final class EchoServer {

    /** The port of the original lesson. */
    public static final int DEFAULT_PORT = 25000;

    /** How long a client may send nothing before the server closes its connection, unless told otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

    private static final byte[] GOT = "GOT:".getBytes(US_ASCII);

    private EchoServer() {}

    // tag::listen[]
    /** Opens a non-blocking server channel bound to the address (port 0 picks a free one), and prints where it listens. */
    public static ServerSocketChannel listen(InetSocketAddress address) throws IOException {
        var server = ServerSocketChannel.open();
        try {
            server.bind(address, 1024); // a deep listen queue: a burst of clients waits there until the server task takes them
            server.configureBlocking(false);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        System.out.println("Listening on " + server.getLocalAddress());
        return server;
    }
    // end::listen[]

    // tag::tcpServer[]
    /** The accept loop: waits until clients connect, then accepts each one and spawns a handler task for it. */
    public static Generator<Wait, Void> tcpServer(Scheduler scheduler, ServerSocketChannel server, Function<SocketChannel, Generator<?, ?>> handler) {
        return Generator.of("tcpServer", y -> {
            var listener = new GenSocket(y, server);
            while (true) {
                var client = listener.accept();
                System.out.println("Connection from " + client.remoteAddress());
                scheduler.spawn(handler.apply(client.channel())); // the handler task wraps the channel again, with its own yielder
            }
        });
    }
    // end::tcpServer[]

    /** Serves one client as {@link #echoHandler(SocketChannel, Duration)} does, closing it after {@link #DEFAULT_IDLE} without data. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client) {
        return echoHandler(client, DEFAULT_IDLE);
    }

    // tag::echoHandler[]
    /** Serves one client: waits for data, answers {@code GOT:} + the bytes read, all of them, until the client closes its side or sends nothing for {@code idle}; then closes the connection. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client, Duration idle) {
        // BEGIN SOLUTION echoHandler(client, idle) [step06-idle]: as in step 05, but recv with the timeout idle; when that throws a SocketTimeoutException, print "Idle timeout " + the client's address + ", nothing received for " + idle.toMillis() + " ms" and leave the loop, which closes the connection
        var address = client.socket().getRemoteSocketAddress();
        return Generator.of("echoHandler " + address, y -> {
            try (var socket = new GenSocket(y, client)) {
                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);
                while (true) {
                    reply.clear().put(GOT);
                    try {
                        if (socket.recv(reply, idle) < 0) break; // the client has closed its side: nothing more to echo
                    } catch (SocketTimeoutException e) {
                        System.out.println("Idle timeout " + address + ", nothing received for " + idle.toMillis() + " ms");
                        break; // a client that sends nothing must not hold a descriptor and a task for ever
                    }
                    reply.flip();
                    socket.send(reply);
                }
            } finally {
                System.out.println("Connection closed " + address);
            }
        });
        // END SOLUTION
    }
    // end::echoHandler[]
}
