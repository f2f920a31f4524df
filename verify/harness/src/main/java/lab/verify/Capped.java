package lab.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What another process writes, kept up to a limit while the rest is read and dropped: the process never blocks on a
 * full pipe, and however much it writes, the checker's memory stays flat.
 */
public final class Capped {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Thread reader;

    private Capped(InputStream in, int limit, String threadName) {
        this.limit = limit;
        this.reader = Thread.ofPlatform().daemon().name(threadName).start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (kept) {
                        int keep = Math.min(n, this.limit - kept.size());
                        if (keep > 0) kept.write(buf, 0, keep);
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was killed: what arrived is what there is
            }
        });
    }

    /** Starts reading {@code in} on a daemon thread of this name, keeping its first {@code limit} bytes. */
    public static Capped read(InputStream in, int limit, String threadName) {
        return new Capped(in, limit, threadName);
    }

    /** Waits up to {@code millis} for the end of the stream. */
    public void await(long millis) {
        try {
            reader.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What was kept so far, as UTF-8 text cleaned for showing ({@link Text#clean}). */
    public String text() {
        synchronized (kept) {
            return Text.clean(kept.toString(StandardCharsets.UTF_8));
        }
    }
}
