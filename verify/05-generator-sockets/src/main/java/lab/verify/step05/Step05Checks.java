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
import lab.verify.Words;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 05's own checks: the handlers read like blocking code, every yield is hidden in GenSocket, and a recv that reads first still takes turns. */
public final class Step05Checks {

    private Step05Checks() {}

    private static final Words WORDS = Words.of(Step05Checks.class);

    public static final BookSection GENSOCKET = new BookSection("step05-gensocket");
    public static final BookSection HANDLERS = new BookSection("step05-handlers");

    /** The handlers yield only through GenSocket. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class NoYieldInHandlers {

        @Test
        public void handlersDoNotYield(Sandbox sandbox) throws IOException {
            List<String> calls = yieldsOutsideGenSocket(sandbox);
            if (!calls.isEmpty()) {
                throw Failure.of(WORDS.say("NoYieldInHandlers.handlersDoNotYield.headline"))
                        .called(WORDS.say("NoYieldInHandlers.handlersDoNotYield.called"))
                        .expected(WORDS.say("NoYieldInHandlers.handlersDoNotYield.expected"))
                        .got(String.join("\n", calls))
                        .likely(WORDS.say("NoYieldInHandlers.handlersDoNotYield.likely"))
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
                    out.add(WORDS.say("NoYieldInHandlers.yield", type, origin(method), line));
                }
            }
            return out;
        }

        static final String YIELDER = "lab/gen/Yielder";

        /** {@code lambda$echoHandler$1} reads as {@code echoHandler (its generator body)}, in the learner's language. */
        static String origin(String method) {
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                return WORDS.say("NoYieldInHandlers.body", parts.length > 1 ? parts[1] : method);
            }
            return method;
        }
    }

    /** A client that sends without a pause does not keep the thread: its handler yields now and then, whatever recv does. */
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
            server.requireAlive(WORDS.say("NeverPauses.handlerTakesTurns.after"), null);
            Thread.sleep(100); // the probe's facts may trail the bytes
            long most = server.mostReadsInATurn();
            if (most > MOST_READS) {
                throw Failure.of(WORDS.say("NeverPauses.handlerTakesTurns.headline", most))
                        .sent(WORDS.say("NeverPauses.handlerTakesTurns.sent", FLOOD_MILLIS / 1000.0,
                                Step04Checks.mib(sent), Step04Checks.mib(received)))
                        .expected(WORDS.say("NeverPauses.handlerTakesTurns.expected", MOST_READS))
                        .got(WORDS.say("NeverPauses.handlerTakesTurns.got", most))
                        .likely(WORDS.say("NeverPauses.handlerTakesTurns.likely"))
                        .read(GENSOCKET)
                        .error();
            }
        }
    }
}
