package lab.probe;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The probe's end of the report channel: a loopback socket to the checker, opened before any learner class is
 * loaded, with the port and token the checker wrote on stdin. Learner code has no reference to it: the only one is
 * a private field of this module, whose package is not open to reflection.
 */
final class Channel {

    /** What the checker writes on the probe's stdin: {@code lab-probe PORT TOKEN}, one line. */
    static final String GREETING = "lab-probe";

    private final OutputStream out;
    private boolean ended; // guarded by this: the last event is sent, and nothing may follow it

    private Channel(OutputStream out) {
        this.out = out;
    }

    /** Reads the greeting from {@code stdin} and connects; the stream stays open so the probe can see the checker go. */
    static Channel open(InputStream stdin) throws IOException {
        String[] parts = readLine(stdin).split(" ");
        if (parts.length != 3 || !parts[0].equals(GREETING)) {
            throw new IOException("expected \"" + GREETING + " PORT TOKEN\" on stdin; this JVM is started by the lab's checker");
        }
        var socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[1])), 5_000);
        socket.shutdownInput();
        var channel = new Channel(new BufferedOutputStream(socket.getOutputStream(), 8 * 1024));
        channel.send(new Event.Hello(parts[2]));
        return channel;
    }

    /** Sends one event; if the checker is gone there is nobody to report to, so the JVM ends. */
    synchronized void send(Event event) {
        if (ended) return; // a thread still printing while the probe ends: its line comes too late to count
        try {
            event.writeTo(out);
            ended = event.isLast();
        } catch (IOException e) {
            Runtime.getRuntime().halt(Probe.EXIT_ORPHANED);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0 || line.size() > 200) throw new IOException("no greeting on stdin");
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}
