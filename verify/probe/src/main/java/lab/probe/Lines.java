package lab.probe;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Learner code's {@code System.out} or {@code System.err}: each line it prints becomes one {@link Event.Output} on
 * the channel, in order with the probe's other events. A line longer than {@link Event#LINE_LIMIT} bytes is sent
 * cut, once, and the rest of it is dropped: the checker stops the run.
 */
final class Lines extends OutputStream {

    private final Channel channel;
    private final boolean stderr;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private boolean dropping; // the current line was already sent cut

    Lines(Channel channel, boolean stderr) {
        this.channel = channel;
        this.stderr = stderr;
    }

    @Override
    public synchronized void write(int b) {
        b &= 0xff; // an OutputStream writes the low eight bits
        if (b == '\n') {
            if (!dropping) emit(false);
            dropping = false;
            line.reset();
        } else if (!dropping) {
            if (line.size() == Event.LINE_LIMIT) { // a byte past the limit, and not the end of the line: the line is too long
                emit(true);
                dropping = true;
                line.reset();
                return;
            }
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    /** Sends what is left of an unfinished line, as the run ends. */
    synchronized void finish() {
        if (line.size() > 0 && !dropping) emit(false);
        line.reset();
    }

    private void emit(boolean cut) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        channel.send(new Event.Output(stderr, text, cut));
    }
}
