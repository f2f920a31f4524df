package lab.verify.step05;

import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.constant.DirectMethodHandleDesc;
import lab.EchoServer;
import lab.probe.Probe;

/** Reads the learner's compiled EchoServer and reports every place its own code yields, in the child JVM. */
public final class Step05Probe {

    private Step05Probe() {}

    static final String YIELDER = "lab/gen/Yielder";

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step05Probe::scenario);
    }

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "yields" -> {
                byte[] bytes;
                try (InputStream in = EchoServer.class.getResourceAsStream("EchoServer.class")) {
                    bytes = in.readAllBytes();
                }
                for (MethodModel method : ClassFile.of().parse(bytes).methods()) {
                    var code = method.code();
                    if (code.isEmpty()) continue;
                    report(method.methodName().stringValue(), code.get());
                }
                Probe.fact("inspected");
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** Reports each call of Yielder.yield (or a method reference to it) in this code, with its source line. */
    private static void report(String method, CodeModel code) {
        int line = -1;
        for (var element : code) {
            if (element instanceof LineNumber ln) {
                line = ln.line();
            } else if (element instanceof InvokeInstruction call
                    && call.owner().asInternalName().equals(YIELDER) && call.name().stringValue().equals("yield")) {
                Probe.fact("yield-call", method, line);
            } else if (element instanceof InvokeDynamicInstruction indy) {
                for (var arg : indy.bootstrapArgs()) {
                    if (arg instanceof DirectMethodHandleDesc mh && mh.owner().descriptorString().equals("L" + YIELDER + ";")
                            && mh.methodName().equals("yield")) {
                        Probe.fact("yield-call", method, line);
                    }
                }
            }
        }
    }
}
