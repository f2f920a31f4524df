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
        // BEGIN SOLUTION tcpServer(scheduler, server, handler) [step03-tcp-server]: return Generator.of("tcpServer", y -> ...) that loops forever: yield Wait.recv(server), then accept clients until accept() returns null; make each client non-blocking, print "Connection from " + its remote address, and spawn handler.apply(client)
        return Generator.of("tcpServer", y -> {
            while (true) {
                y.yield(Wait.recv(server));
                SocketChannel client;
                // take every client that is waiting: one accept per turn lets a burst overflow the listen queue
                while ((client = server.accept()) != null) {
                    client.configureBlocking(false);
                    System.out.println("Connection from " + client.getRemoteAddress());
                    scheduler.spawn(handler.apply(client));
                }
            }
        });
        // END SOLUTION
    }
    // end::tcpServer[]

    // tag::echoHandler[]
    /** Serves one client: waits for data, answers {@code GOT:} + the bytes read, until the client closes its side; then closes the connection. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client) {
        // BEGIN SOLUTION echoHandler(client) [step03-echo]: return Generator.of("echoHandler " + the client's remote address, y -> ...) that loops: yield Wait.recv(client), read into a 16 KiB buffer after "GOT:", stop at -1; yield Wait.send(client) and write the reply; in a finally, close the client and print "Connection closed " + its remote address
        var address = client.socket().getRemoteSocketAddress();
        return Generator.of("echoHandler " + address, y -> {
            try (client) {
                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);
                while (true) {
                    y.yield(Wait.recv(client));
                    reply.clear().put(GOT);
                    if (client.read(reply) < 0) break; // the client has closed its side: nothing more to echo
                    reply.flip();
                    y.yield(Wait.send(client));
                    client.write(reply);
                }
            } finally {
                System.out.println("Connection closed " + address);
            }
        });
        // END SOLUTION
    }
    // end::echoHandler[]
}
