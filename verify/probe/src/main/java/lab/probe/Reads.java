package lab.probe;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the learner's reads from sockets: an agent that, as the learner's classes load, turns each call of a
 * channel's {@code read} into a call of {@link #read}, which reads the same way and reports fact {@code read PORT}
 * (the client's port) when it got bytes. A check can then hold replies against reads however the learner's code
 * decides when to read: after a wait, or first and waiting only when nothing is there.
 */
public final class Reads {

    private Reads() {}

    private static final AtomicLong COUNT = new AtomicLong();

    /** How many reads from clients got bytes so far in this JVM: a probe takes the difference around a task's turn. */
    public static long count() {
        return COUNT.get();
    }

    /** The channel types whose {@code read} is counted, as the learner's code may name them. */
    private static final Set<ClassDesc> READERS = Set.of(
            ClassDesc.of("java.nio.channels.SocketChannel"),
            ClassDesc.of("java.nio.channels.ReadableByteChannel"),
            ClassDesc.of("java.nio.channels.ByteChannel"),
            ClassDesc.of("java.nio.channels.ScatteringByteChannel"));

    private static final ClassDesc READS = ClassDesc.of(Reads.class.getName());
    private static final ClassDesc BUFFER = ClassDesc.of("java.nio.ByteBuffer");
    private static final MethodTypeDesc ONE = MethodTypeDesc.of(CD_int, BUFFER);
    private static final MethodTypeDesc MANY = MethodTypeDesc.of(CD_long, BUFFER.arrayType());
    private static final MethodTypeDesc SOME = MethodTypeDesc.of(CD_long, BUFFER.arrayType(), CD_int, CD_int);

    /** Agent entry point: {@code args} is the learner's classes folder; only classes loaded from there are changed. */
    public static void premain(String args, Instrumentation instrumentation) {
        Path learner = Path.of(args).toAbsolutePath().normalize();
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (loader == null || redefined != null || !from(domain, learner)) return null;
                try {
                    return counting(loader, bytes);
                } catch (RuntimeException | Error e) {
                    return null; // the class loads as it is; its reads go uncounted, and no check is the wiser
                }
            }
        });
    }

    /** Whether a class comes from the learner's folder. */
    private static boolean from(ProtectionDomain domain, Path learner) {
        try {
            var source = domain == null ? null : domain.getCodeSource();
            return source != null && source.getLocation() != null && Path.of(source.getLocation().toURI()).toAbsolutePath().normalize().equals(learner);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The class with every channel {@code read} call sent through this class, or null if it makes none. */
    static byte[] counting(ClassLoader loader, byte[] bytes) {
        var resolver = ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader));
        var files = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
        var model = files.parse(bytes);
        boolean[] any = {false};
        CodeTransform swap = (code, element) -> {
            MethodTypeDesc counted = element instanceof InvokeInstruction call ? counted(call) : null;
            if (counted == null) {
                code.with(element);
            } else {
                any[0] = true;
                code.invokestatic(READS, "read", counted);
            }
        };
        byte[] changed = files.transformClass(model, ClassTransform.transformingMethodBodies(swap));
        return any[0] ? changed : null;
    }

    /** The descriptor of the {@link #read} that replaces this call, or null if it is no channel read. */
    private static MethodTypeDesc counted(InvokeInstruction call) {
        if (!call.name().equalsString("read") || !READERS.contains(call.owner().asSymbol())) return null;
        if (call.opcode() != java.lang.classfile.Opcode.INVOKEVIRTUAL && call.opcode() != java.lang.classfile.Opcode.INVOKEINTERFACE) return null;
        MethodTypeDesc type = call.typeSymbol();
        if (type.equals(ONE)) return ONE.insertParameterTypes(0, ClassDesc.of("java.nio.channels.ReadableByteChannel"));
        if (type.equals(MANY)) return MANY.insertParameterTypes(0, ClassDesc.of("java.nio.channels.ScatteringByteChannel"));
        if (type.equals(SOME)) return SOME.insertParameterTypes(0, ClassDesc.of("java.nio.channels.ScatteringByteChannel"));
        return null;
    }

    /** Reads as {@code channel.read(into)} does, and reports a read that got bytes from a client. */
    public static int read(ReadableByteChannel channel, ByteBuffer into) throws IOException {
        int n = channel.read(into);
        if (n > 0) report(channel);
        return n;
    }

    /** Reads as {@code channel.read(into)} does, and reports a read that got bytes from a client. */
    public static long read(ScatteringByteChannel channel, ByteBuffer[] into) throws IOException {
        long n = channel.read(into);
        if (n > 0) report(channel);
        return n;
    }

    /** Reads as {@code channel.read(into, offset, length)} does, and reports a read that got bytes from a client. */
    public static long read(ScatteringByteChannel channel, ByteBuffer[] into, int offset, int length) throws IOException {
        long n = channel.read(into, offset, length);
        if (n > 0) report(channel);
        return n;
    }

    private static void report(Object channel) throws IOException {
        if (channel instanceof SocketChannel socket && socket.getRemoteAddress() instanceof InetSocketAddress client) {
            COUNT.incrementAndGet();
            try {
                Probe.fact("read", client.getPort());
            } catch (IllegalStateException notStarted) {
                // no probe runs (a read before Probe.main): nobody to tell
            }
        }
    }
}
