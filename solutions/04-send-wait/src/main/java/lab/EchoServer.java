package lab;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
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
        // BEGIN SOLUTION tcpServer(scheduler, server, handler) [step04-descriptors]: as in step 03, but when accept() throws an IOException (out of descriptors: "Too many open files"), catch it, print "Cannot accept: " + its message once, and wait for the next round with Wait.recv(server) again; say it again only after accept() has returned null; and turn on TCP_NODELAY for each client, so that the last piece of a reply leaves at once (the book's "Measured side by side" shows what it buys)
        return Generator.of("tcpServer", y -> {
            boolean full = false; // out of descriptors: said once, until every waiting client is taken
            while (true) {
                y.yield(Wait.recv(server));
                SocketChannel client;
                try {
                    // take every client that is waiting: one accept per turn lets a burst overflow the listen queue
                    while ((client = server.accept()) != null) {
                        client.configureBlocking(false);
                        client.setOption(StandardSocketOptions.TCP_NODELAY, true); // send a reply's last piece at once
                        System.out.println("Connection from " + client.getRemoteAddress());
                        scheduler.spawn(handler.apply(client));
                    }
                    full = false;
                } catch (IOException e) {
                    // "Too many open files": the client stays in the listen queue, and a connection that closes
                    // frees a descriptor; until then the server task is woken every round (step 06 can sleep instead)
                    if (!full) System.out.println("Cannot accept: " + e.getMessage() + "; clients wait until a connection closes");
                    full = true;
                }
            }
        });
        // END SOLUTION
    }
    // end::tcpServer[]

    // tag::echoHandler[]
    /** Serves one client: waits for data, answers {@code GOT:} + the bytes read, all of them, until the client closes its side; then closes the connection. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client) {
        // BEGIN SOLUTION echoHandler(client) [step04-send]: as in step 03, but after reading, write the reply; while bytes of it remain, yield Wait.send(client) and write again; read again only when the whole reply is out
        var address = client.socket().getRemoteSocketAddress();
        return Generator.of("echoHandler " + address, y -> {
            try (client) {
                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);
                while (true) {
                    y.yield(Wait.recv(client));
                    reply.clear().put(GOT);
                    if (client.read(reply) < 0) break; // the client has closed its side: nothing more to echo
                    reply.flip();
                    // a write may take only part of the reply; wait until the client makes room for the rest,
                    // and read nothing more meanwhile, so a client that does not read is held back by TCP itself
                    client.write(reply);
                    while (reply.hasRemaining()) {
                        y.yield(Wait.send(client));
                        client.write(reply);
                    }
                }
            } finally {
                System.out.println("Connection closed " + address);
            }
        });
        // END SOLUTION
    }
    // end::echoHandler[]
}
