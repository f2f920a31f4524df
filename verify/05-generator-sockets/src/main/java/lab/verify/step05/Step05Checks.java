package lab.verify.step05;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.constant.DirectMethodHandleDesc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lab.verify.BookSection;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 05's own checks: the handlers read like blocking code, every yield is hidden in GenSocket, and a recv that reads first still takes turns. */
public final class Step05Checks {

    private Step05Checks() {}

    public static final BookSection GENSOCKET = new BookSection("step05-gensocket");
    public static final BookSection HANDLERS = new BookSection("step05-handlers");

    /** The handlers yield only through GenSocket. */
    @DisplayName("handlers without yields")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class NoYieldInHandlers {

        @Test
        @DisplayName("no class of yours but GenSocket yields, in no method, lambda, nested or local class: GenSocket does all the waiting")
        public void handlersDoNotYield(Sandbox sandbox) throws IOException {
            String called = "your compiled classes, every method, lambda, nested, anonymous and local class, but GenSocket's, "
                    + "searched for calls of Yielder.yield";
            List<String> calls = yieldsOutsideGenSocket(sandbox);
            if (!calls.isEmpty()) {
                throw Failure.of("Your code still yields by itself: in this step only GenSocket may yield.")
                        .called(called)
                        .expected("no call of y.yield(...) outside GenSocket: the handlers call socket.accept(), recv() and send(), "
                                + "which yield inside")
                        .got(String.join("\n", calls))
                        .likely("a Wait.recv/Wait.send yield left over from step 04: wrap the channel in new GenSocket(y, channel) and "
                                + "call its recv, send and accept instead, as a blocking socket's")
                        .read(HANDLERS)
                        .error();
            }
        }

        /**
         * Every call of {@code Yielder.yield} (or method reference to it) in the learner's own classes but GenSocket's
         * and the files the step hands out complete, read from the compiled classes here, in the checker.
         */
        static List<String> yieldsOutsideGenSocket(Sandbox sandbox) throws IOException {
            List<String> found = new ArrayList<>();
            try (Stream<Path> files = Files.walk(sandbox.classes())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    ClassModel model = ClassFile.of().parse(Files.readAllBytes(f));
                    String source = model.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue()).orElse("");
                    if (source.equals("GenSocket.java") || sandbox.given().contains(source)) continue;
                    String type = model.thisClass().asInternalName().substring("lab/".length()).replace('$', '.');
                    for (MethodModel method : model.methods()) {
                        method.code().ifPresent(code -> found.addAll(yields(type, method.methodName().stringValue(), code)));
                    }
                }
            }
            return found;
        }

        private static List<String> yields(String type, String method, CodeModel code) {
            List<String> out = new ArrayList<>();
            int line = -1;
            for (var element : code) {
                if (element instanceof LineNumber ln) {
                    line = ln.line();
                } else if (element instanceof InvokeInstruction call && call.owner().asInternalName().equals(YIELDER)
                        && call.name().stringValue().equals("yield")
                        || element instanceof InvokeDynamicInstruction indy && indy.bootstrapArgs().stream().anyMatch(arg ->
                        arg instanceof DirectMethodHandleDesc mh && mh.owner().descriptorString().equals("L" + YIELDER + ";")
                                && mh.methodName().equals("yield"))) {
                    out.add("y.yield(...) in " + type + "." + origin(method) + ", line " + line);
                }
            }
            return out;
        }

        static final String YIELDER = "lab/gen/Yielder";

        /** "lambda$echoHandler$1" reads as "echoHandler (its generator body)". */
        static String origin(String method) {
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                return (parts.length > 1 ? parts[1] : method) + " (its generator body)";
            }
            return method;
        }
    }

    /** A client that sends without a pause does not keep the thread: its handler yields now and then, whatever recv does. */
    @DisplayName("a client that never pauses")
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class NeverPauses implements ServerChecks {

        /** How many reads one turn of a handler may make: the reference makes at most 16, a recv that waits first 1. */
        public static final int MOST_READS = 256;

        /** How long the client sends without a pause. */
        static final long FLOOD_MILLIS = 1500;

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return Step03Checks.roomyServer(sandbox, GENSOCKET); // writes that never wait: only recv decides when a handler yields
        }

        @Test
        @DisplayName("gives the other tasks their turn while one client sends without a pause: at most 256 reads before a yield")
        public void handlerTakesTurns(ServerRun server) throws Exception {
            long sent = 0, received = 0;
            try (var flood = new Socket()) {
                flood.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                var sentSoFar = new AtomicLong();
                Thread writer = Thread.ofPlatform().daemon().name("flooding-client-writer").start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'a');
                    long until = System.nanoTime() + FLOOD_MILLIS * 1_000_000;
                    try {
                        var out = flood.getOutputStream();
                        while (System.nanoTime() < until) {
                            out.write(chunk);
                            sentSoFar.addAndGet(chunk.length);
                        }
                        flood.shutdownOutput();
                    } catch (IOException e) {
                        // the reader sees what came back; the server's state says the rest
                    }
                });
                flood.setSoTimeout(5000);
                byte[] buf = new byte[256 * 1024];
                var in = flood.getInputStream();
                // the echo ends when the server closes after our end of stream; a server that never stops sending is cut off
                long until = System.nanoTime() + (FLOOD_MILLIS + 10_000) * 1_000_000;
                try {
                    for (int n; System.nanoTime() < until && (n = in.read(buf)) >= 0; ) received += n;
                } catch (SocketTimeoutException | SocketException e) {
                    // nothing more within 5 s, or the server went away: the turns counted so far decide
                }
                writer.join(2000);
                sent = sentSoFar.get();
            }
            server.requireAlive("while a client sent without a pause", null);
            Thread.sleep(100); // the probe's facts may trail the bytes
            long most = server.mostReadsInATurn();
            if (most > MOST_READS) {
                throw Failure.of("While one client sent without a pause, its handler kept the thread: " + most + " reads before it yielded.")
                        .sent("64 KiB writes for " + FLOOD_MILLIS / 1000.0 + " s, from one client that reads every reply at once ("
                                + Step04Checks.mib(sent) + " sent, " + Step04Checks.mib(received) + " back)")
                        .expected("a handler that gives up its turn now and then, however fast its client sends: at most " + MOST_READS
                                + " reads between two yields (the reference waits after 16)")
                        .got(most + " reads in one turn, while no other task could run: no other client was answered, and no new one accepted")
                        .likely("recv reads first and yields only when a read gets nothing, so a client that never stops sending "
                                + "keeps it reading; count the reads since the last wait (readsInARow), and after READS_IN_A_ROW "
                                + "yield Wait.recv(channel) before the next read all the same")
                        .read(GENSOCKET)
                        .error();
            }
        }
    }
}
