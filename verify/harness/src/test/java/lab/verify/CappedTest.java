package lab.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What another process writes, read in full and kept up to a limit, as the checker reads a child JVM's own output. */
@DisplayName("A capped stream")
@Timeout(30)
class CappedTest {

    /** A stream of {@code size} bytes of 'x' that counts what was read of it and whether it was closed. */
    static final class Counting extends InputStream {
        final long size;
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicReference<Thread> reader = new AtomicReference<>();

        Counting(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reader.set(Thread.currentThread());
            long left = size - read.get();
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            read.addAndGet(n);
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("keeps")
    class Keeping {

        @Test
        @DisplayName("only the first N bytes of a big stream, while reading all of it")
        void firstBytes() {
            var in = new Counting(50L * 1024 * 1024);
            var capped = Capped.read(in, 1000, "test-capped");
            capped.await(20_000);
            assertThat(capped.text()).isEqualTo("x".repeat(1000));
            assertThat(in.read.get()).isEqualTo(in.size);
        }

        @Test
        @DisplayName("all of a stream shorter than the limit")
        void shortStream() {
            var capped = Capped.read(text("JVM warning: something\n"), 16 * 1024, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("JVM warning: something\n");
        }

        @Test
        @DisplayName("nothing at a limit of 0, still reading it all")
        void zero() {
            var in = new Counting(100_000);
            var capped = Capped.read(in, 0, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEmpty();
            assertThat(in.read.get()).isEqualTo(100_000);
        }

        @Test
        @DisplayName("exactly the limit when a read crosses it")
        void crossing() {
            var capped = Capped.read(text("abcdefghij"), 7, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("abcdefg");
        }

        @Test
        @DisplayName("what arrived before the stream failed")
        void failure() {
            var in = new InputStream() {
                boolean once;

                @Override
                public int read() throws IOException {
                    throw new IOException("the process was killed");
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (once) throw new IOException("the process was killed");
                    once = true;
                    b[off] = 'o';
                    b[off + 1] = 'k';
                    return 2;
                }
            };
            var capped = Capped.read(in, 100, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("ok");
        }
    }

    @Nested
    @DisplayName("never blocks the writer")
    class NeverBlocks {

        @Test
        @DisplayName("however much more than the limit it writes through a pipe with a small buffer")
        void writerFinishes() throws Exception {
            var pipeIn = new PipedInputStream(1024);
            var pipeOut = new PipedOutputStream(pipeIn);
            var capped = Capped.read(pipeIn, 100, "test-capped");
            byte[] chunk = "0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII);
            var failed = new AtomicReference<IOException>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (pipeOut) {
                    for (int i = 0; i < 5_000; i++) pipeOut.write(chunk); // 5 MB through a 1 KiB pipe
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            assertThat(writer.join(Duration.ofSeconds(20))).as("the writer finished").isTrue();
            assertThat(failed.get()).as("the writer could write it all (the reader did not give up)").isNull();
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("0123456789".repeat(10));
        }

        @Test
        @DisplayName("when the writer is a real process that prints megabytes")
        void process() throws Exception {
            var p = new ProcessBuilder(java(), "-XX:+DisableAttachMechanism", "-XX:TieredStopAtLevel=1", source()).start();
            var out = Capped.read(p.getInputStream(), 64, "test-capped-out");
            var err = Capped.read(p.getErrorStream(), 64, "test-capped-err");
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("the process ended").isTrue();
            out.await(5_000);
            err.await(5_000);
            assertThat(out.text()).isEqualTo("y\n".repeat(32));
            assertThat(p.exitValue()).as("the process could write it all").isZero();
        }

        static String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        /** A one-file program that prints 8 MB on stdout, far beyond any pipe's buffer. */
        static String source() throws IOException {
            var file = java.nio.file.Files.createTempFile("Flood", ".java");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, """
                    void main() {
                        var line = "y\\n".repeat(1024).getBytes();
                        for (int i = 0; i < 4096; i++) System.out.write(line, 0, line.length);
                        System.out.flush();
                        if (System.out.checkError()) System.exit(1); // the reader closed its end early
                    }
                    """);
            return file.toString();
        }
    }

    @Nested
    @DisplayName("reads")
    class Reading {

        @Test
        @DisplayName("on a daemon thread of the given name, and closes the stream at its end")
        void thread() {
            var in = new Counting(10);
            var capped = Capped.read(in, 100, "lab-run-stdout-test");
            capped.await(5_000);
            assertThat(in.reader.get().getName()).isEqualTo("lab-run-stdout-test");
            assertThat(in.reader.get().isDaemon()).isTrue();
            assertThat(in.closed).isTrue();
        }

        @Test
        @DisplayName("in the background: await(...) returns after its time though the stream has not ended")
        void awaitTimesOut() throws IOException {
            var pipeIn = new PipedInputStream();
            try (var pipeOut = new PipedOutputStream(pipeIn)) {
                var capped = Capped.read(pipeIn, 100, "test-capped");
                pipeOut.write("so far".getBytes(StandardCharsets.US_ASCII));
                pipeOut.flush();
                long start = System.nanoTime();
                capped.await(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                // what was kept so far is there to read before the end
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (capped.text().isEmpty() && System.nanoTime() < until) capped.await(10);
                assertThat(capped.text()).isEqualTo("so far");
            }
        }
    }

    @Nested
    @DisplayName("shows its text")
    class Showing {

        @Test
        @DisplayName("with control characters cleaned, newlines and tabs kept")
        void cleaned() {
            var capped = Capped.read(text("\u001b[31mError\u001b[0m:\tbad\r\n\u0000done\n"), 1000, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("\\e[31mError\\e[0m:\tbad\\x0d\n\\x00done\n");
        }

        @Test
        @DisplayName("decoded as UTF-8")
        void utf8() {
            var capped = Capped.read(text("héllo 😀"), 1000, "test-capped");
            capped.await(5_000);
            assertThat(capped.text()).isEqualTo("héllo 😀");
        }

        @Test
        @DisplayName("with a character the limit cuts in half shown as a replacement character")
        void cutCharacter() {
            var capped = Capped.read(text("ab😀"), 4, "test-capped"); // the emoji's 4 bytes cut after 2
            capped.await(5_000);
            assertThat(capped.text()).startsWith("ab").doesNotContain("😀").contains("\ufffd");
        }
    }
}
