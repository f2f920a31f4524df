package lab.verify.step03;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import lab.EchoServer;
import lab.Scheduler;
import lab.verify.Probe;

/** Runs the learner's echo server in the child JVM, on an ephemeral port, every task's thread recorded. */
public final class Step03Probe {

    private Step03Probe() {}

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step03Probe::scenario);
    }

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "server" -> {
                var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Probe.event("listening", ((InetSocketAddress) server.getLocalAddress()).getPort());
                Probe.event("caller", Thread.currentThread().getName().replace(' ', '_'));
                Probe.watchThreads();
                var scheduler = new Scheduler();
                // every handler resume reports its thread: a thread per connection shows up at once
                scheduler.spawn(Probe.recordingThreads(EchoServer.tcpServer(scheduler, server, client -> {
                    sendBuffer(client);
                    return Probe.recordingThreads(EchoServer.echoHandler(client));
                })));
                scheduler.run();
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** The send buffer of each accepted client, in bytes: small, so that a 64 KiB reply never fits in one write. */
    static final int SEND_BUFFER = 16 * 1024;

    /**
     * Pins a client's send buffer small (Linux lets it grow to MiB on loopback, where a 64 KiB write then always
     * fits): partial writes happen for sure, as they do on real networks with slow clients.
     */
    static void sendBuffer(SocketChannel client) {
        try {
            client.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
