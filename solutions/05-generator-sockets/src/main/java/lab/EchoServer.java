package lab;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Function;
import lab.gen.Generator;

/** The echo server of the original lesson: a task that accepts clients, and a task per client that answers {@code GOT:} + what it read. */
public final class EchoServer {

    /** The port of the original lesson. */
    public static final int DEFAULT_PORT = 25000;

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
        // BEGIN SOLUTION tcpServer(scheduler, server, handler) [step05-handlers]: return Generator.of("tcpServer", y -> ...) that wraps the server in a GenSocket and loops forever: accept a client, print "Connection from " + its remote address, and spawn handler.apply(client.channel())
        return Generator.of("tcpServer", y -> {
            var listener = new GenSocket(y, server);
            while (true) {
                var client = listener.accept();
                System.out.println("Connection from " + client.remoteAddress());
                scheduler.spawn(handler.apply(client.channel())); // the handler task wraps the channel again, with its own yielder
            }
        });
        // END SOLUTION
    }
    // end::tcpServer[]

    // tag::echoHandler[]
    /** Serves one client: waits for data, answers {@code GOT:} + the bytes read, all of them, until the client closes its side; then closes the connection. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client) {
        // BEGIN SOLUTION echoHandler(client) [step05-handlers]: as in step 04, but on a GenSocket(y, client): recv into the buffer after "GOT:", stop at -1, send the reply; no yield of your own
        var address = client.socket().getRemoteSocketAddress();
        return Generator.of("echoHandler " + address, y -> {
            try (var socket = new GenSocket(y, client)) {
                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);
                while (true) {
                    reply.clear().put(GOT);
                    if (socket.recv(reply) < 0) break; // the client has closed its side: nothing more to echo
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
