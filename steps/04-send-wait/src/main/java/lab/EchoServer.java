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

    /** The accept loop: waits until clients connect, then accepts each one and spawns a handler task for it. */
    public static Generator<Wait, Void> tcpServer(Scheduler scheduler, ServerSocketChannel server, Function<SocketChannel, Generator<?, ?>> handler) {
        // TODO tcpServer(scheduler, server, handler): as in step 03, but when accept() throws an IOException (out of descriptors: "Too many open files"), catch it, print "Cannot accept: " + its message once, and wait for the next round with Wait.recv(server) again; say it again only after accept() has returned null; and turn on TCP_NODELAY for each client, so that the last piece of a reply leaves at once (the book's "Measured side by side" shows what it buys)
        //      Book: "When descriptors run out" (book/target/lab.html#step04-descriptors)
        throw new UnsupportedOperationException("TODO tcpServer(scheduler, server, handler): not written yet; see the book, \"When descriptors run out\" (book/target/lab.html#step04-descriptors)");
    }

    /** Serves one client: waits for data, answers {@code GOT:} + the bytes read, all of them, until the client closes its side; then closes the connection. */
    public static Generator<Wait, Void> echoHandler(SocketChannel client) {
        // TODO echoHandler(client): as in step 03, but after reading, write the reply; while bytes of it remain, yield Wait.send(client) and write again; read again only when the whole reply is out
        //      Book: "Sending a whole reply" (book/target/lab.html#step04-send)
        throw new UnsupportedOperationException("TODO echoHandler(client): not written yet; see the book, \"Sending a whole reply\" (book/target/lab.html#step04-send)");
    }
}
