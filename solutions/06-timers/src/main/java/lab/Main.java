package lab;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/** Step 06's demo: the echo server of step 05, closing clients that send nothing for a while. */
public final class Main {

    private Main() {}

    // tag::main[]
    /** Serves echo clients on 127.0.0.1, on the port given as an argument or as {@code -Dport}, by default 25000; {@code --idle SECONDS} closes quiet clients, by default after 30 s. */
    public static void main(String[] args) throws IOException {
        // 1. the options: a port (else -Dport, else the lesson's 25000), and --idle SECONDS
        int port = port(args);
        Duration idle = idle(args);
        // 2. listen on loopback only
        ServerSocketChannel server;
        try {
            server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            System.err.println("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + ". Another server (an earlier run?) probably still uses that port: stop it, or pass another port, e.g. ./lab run 6 " + (port + 1));
            System.exit(1);
            return;
        }
        System.out.println("Clients that send nothing for " + idle.toMillis() / 1000.0 + " s are closed");
        // 3. one task accepts clients and spawns an echo task for each; all of them share this thread
        var scheduler = new Scheduler();
        scheduler.spawn(EchoServer.tcpServer(scheduler, server, client -> EchoServer.echoHandler(client, idle)));
        scheduler.run();
    }
    // end::main[]

    /** The port from the first argument that is not an option, or the system property {@code port}, else the default; a bad one ends the program with a message. */
    private static int port(String[] args) {
        String value = System.getProperty("port", String.valueOf(EchoServer.DEFAULT_PORT));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--idle")) i++; // its value
            else if (!args[i].startsWith("--idle=")) {
                value = args[i];
                break;
            }
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // not a number: same message as out of range
        }
        System.err.println("The port must be a number from 0 to 65535, got \"" + value + "\"; for example: ./lab run 6 25001");
        System.exit(2);
        return -1; // not reached
    }

    /** The idle timeout from {@code --idle SECONDS} or {@code --idle=SECONDS}, else the default; a bad one ends the program with a message. */
    private static Duration idle(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--idle=")) value = args[i].substring("--idle=".length());
            else if (args[i].equals("--idle")) value = i + 1 < args.length ? args[i + 1] : "";
        }
        if (value == null) return EchoServer.DEFAULT_IDLE;
        try {
            var seconds = new BigDecimal(value.strip());
            if (seconds.signum() > 0 && seconds.compareTo(BigDecimal.valueOf(86_400)) <= 0) {
                return Duration.ofMillis(Math.max(1, seconds.movePointRight(3).longValue()));
            }
        } catch (NumberFormatException e) {
            // not a number: same message as out of range
        }
        System.err.println("--idle takes the seconds a client may send nothing, more than 0 and at most 86400, got \"" + value
                + "\"; for example: ./lab run 6 -- --idle 10");
        System.exit(2);
        return null; // not reached
    }
}
