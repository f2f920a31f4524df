package lab;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** Step 05's demo: the echo server of step 04, its tasks written on GenSocket. */
public final class Main {

    private Main() {}

    /** Serves echo clients on 127.0.0.1, on the port given as the first argument or as {@code -Dport}, by default 25000. */
    public static void main(String[] args) throws IOException {
        // 1. the port: first argument, else -Dport, else the lesson's 25000
        int port = port(args);
        // 2. listen on loopback only
        ServerSocketChannel server;
        try {
            server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            System.err.println("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + ". Another server (an earlier run?) probably still uses that port: stop it, or pass another port, e.g. ./lab run 5 " + (port + 1));
            System.exit(1);
            return;
        }
        // 3. one task accepts clients and spawns an echo task for each; all of them share this thread
        var scheduler = new Scheduler();
        scheduler.spawn(EchoServer.tcpServer(scheduler, server, EchoServer::echoHandler));
        scheduler.run();
    }

    /** The port from the first argument or the system property {@code port}, else the default; a bad one ends the program with a message. */
    private static int port(String[] args) {
        String value = args.length > 0 ? args[0] : System.getProperty("port", String.valueOf(EchoServer.DEFAULT_PORT));
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // not a number: same message as out of range
        }
        System.err.println("The port must be a number from 0 to 65535, got \"" + value + "\"; for example: ./lab run 5 25001");
        System.exit(2);
        return -1; // not reached
    }
}
