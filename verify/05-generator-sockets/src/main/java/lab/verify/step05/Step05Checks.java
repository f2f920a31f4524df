package lab.verify.step05;

import java.time.Duration;
import java.util.List;
import lab.verify.BookSection;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 05's own checks: the handlers read like blocking code, and every yield is hidden in GenSocket. */
public final class Step05Checks {

    private Step05Checks() {}

    public static final BookSection GENSOCKET = new BookSection("step05-gensocket", "Step 05 › A socket that yields for you");
    public static final BookSection HANDLERS = new BookSection("step05-handlers", "Step 05 › Handlers that read like blocking code");

    /** The handlers yield only through GenSocket. */
    @DisplayName("handlers without yields")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class NoYieldInHandlers {

        @Test
        @DisplayName("tcpServer and echoHandler contain no yield of their own: GenSocket does all the waiting")
        public void handlersDoNotYield(Sandbox sandbox) {
            String called = "the compiled lab.EchoServer, every method and lambda, searched for calls of Yielder.yield";
            try (var run = sandbox.start(Step05Probe.class, Duration.ofSeconds(5), "yields")) {
                var got = run.finish().requireNormal(called, HANDLERS, "reading EchoServer.class took too long");
                List<List<String>> calls = got.facts("yield-call");
                if (!calls.isEmpty()) {
                    throw Failure.of("EchoServer still yields by itself: in this step only GenSocket may yield.")
                            .called(called)
                            .expected("no call of y.yield(...) in EchoServer: the handlers call socket.accept(), recv() and send(), which yield inside")
                            .got(String.join("\n", calls.stream().map(c -> "y.yield(...) in " + origin(c.get(0)) + ", line " + c.get(1)).toList()))
                            .likely("a Wait.recv/Wait.send yield left over from step 04: wrap the channel in new GenSocket(y, channel) and "
                                    + "call its recv, send and accept instead, as a blocking socket's")
                            .read(HANDLERS)
                            .error();
                }
            }
        }

        /** "lambda$echoHandler$1" reads as "echoHandler (its generator body)". */
        static String origin(String method) {
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                return (parts.length > 1 ? parts[1] : method) + " (its generator body)";
            }
            return method;
        }
    }
}
