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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
}
