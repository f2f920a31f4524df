package lab.hidden.step04;

import static lab.verify.step03.Step03Checks.REPLY;
import static lab.verify.step03.Step03Checks.TCP;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lab.verify.Client;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A hidden check of step 04: several slow readers at once, not just one. */
@DisplayName("hidden: several slow readers")
@ExtendWith(LearnerCode.class)
class ManySlowReaders implements ServerChecks {

    static final int READERS = 4, SIZE = 1024 * 1024;

    @Override
    public ServerRun startServer(Sandbox sandbox) {
        return Step03Checks.server(sandbox, Step04Checks.SEND);
    }

    @Test
    @DisplayName("echoes 1 MiB whole to each of 4 clients that send it all before reading, one byte buffer at a time")
    void severalSlowReaders(ServerRun server) throws InterruptedException {
        byte[] message = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) message[i] = (byte) ('a' + i % 26);
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) clients.add(Client.connect(server.port(), REPLY, TCP, 64 * 1024));
            List<Thread> writers = new ArrayList<>();
            for (Client c : clients) {
                writers.add(Thread.ofPlatform().daemon().start(() -> {
                    try {
                        c.socket().getOutputStream().write(message);
                    } catch (IOException e) {
                        // the reading side says what arrived
                    }
                }));
            }
            for (int i = 0; i < READERS; i++) {
                byte[] got = readPayload(clients.get(i), Duration.ofSeconds(20));
                if (!Arrays.equals(got, message)) {
                    throw Failure.of("A slow reader did not get its 1 MiB back whole while others were slow too.")
                            .sent("1 MiB from each of " + READERS + " clients at once, each reading only after sending it all")
                            .expected("each client's 1 MiB back, in \"GOT:\" pieces")
                            .got("client " + (i + 1) + " got " + got.length + " bytes of it back")
                            .likely("a reply's rest kept for one client only, or a write that gives up when the client is slow")
                            .read(Step04Checks.SEND)
                            .error();
                }
            }
            for (Thread w : writers) w.join(Duration.ofSeconds(5));
        } finally {
            clients.forEach(Client::close);
        }
    }

    /** Reads replies until they carry {@link #SIZE} bytes of payload or nothing more comes; returns the payload. */
    static byte[] readPayload(Client c, Duration timeout) {
        var all = new java.io.ByteArrayOutputStream();
        long until = System.nanoTime() + timeout.toNanos();
        byte[] payload = new byte[0];
        while (payload.length < SIZE && System.nanoTime() < until) {
            byte[] chunk = c.read(256 * 1024, Duration.ofMillis(500));
            if (chunk.length == 0) continue;
            all.writeBytes(chunk);
            payload = payload(all.toByteArray());
        }
        return payload;
    }

    /** The bytes of the replies without their "GOT:" prefixes (every reply starts with one). */
    static byte[] payload(byte[] replies) {
        var out = new java.io.ByteArrayOutputStream();
        String text = new String(replies, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String piece : text.split("GOT:", -1)) out.writeBytes(piece.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
