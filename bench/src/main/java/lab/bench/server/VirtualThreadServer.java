package lab.bench.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The lab's echo server on virtual threads: one per client, plain blocking sockets; the JDK parks and wakes them. */
public final class VirtualThreadServer {

    private VirtualThreadServer() {}

    // tag::server[]
    /** Serves {@code GOT:} + each read, on 127.0.0.1 and the port in args[0]. */
    public static void main(String[] args) throws IOException {
        var loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(Integer.parseInt(args[0]), 1024, loopback)) {
            while (true) {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(client)); // a thread per client
            }
        }
    }

    /** Echoes {@code GOT:} + each read until the end; a read parks, not blocks. */
    static void serve(Socket client) {
        try (client; var in = client.getInputStream(); var out = client.getOutputStream()) {
            byte[] reply = new byte[4 + 64 * 1024];
            System.arraycopy("GOT:".getBytes(), 0, reply, 0, 4);
            for (int n; (n = in.read(reply, 4, reply.length - 4)) > 0; ) {
                out.write(reply, 0, 4 + n);
            }
        } catch (IOException e) {
            // the client reset the connection: its thread ends, the server goes on
        }
    }
    // end::server[]
}
