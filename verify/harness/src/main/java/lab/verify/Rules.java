package lab.verify;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.instruction.ConstantInstruction.LoadConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Refuses, before any of it runs, every use in the learner's compiled classes of a class or member the lesson does
 * not need: an allow-list of packages, with the dangerous members inside them refused, each with a reason.
 */
public final class Rules {

    /** One refused use: where (source file and line as javac wrote them), what was used, why, and what to do instead. */
    public record Violation(String className, String sourceFile, int line, String used, String reason) {

        /** One line for the learner, e.g. {@code Scheduler.java:42: Thread.ofVirtual(): the lesson runs every task on one ...}. */
        public String message() {
            // a file's name is the learner's to choose: shown escaped, so it cannot drive a terminal or fake a line
            return Text.oneLine(sourceFile) + (line > 0 ? ":" + line : "") + ": " + Text.oneLine(used) + ": " + reason;
        }
    }

    private static final Words WORDS = Words.of(Rules.class);

    // the reasons, one per kind of thing the lesson refuses, each saying what the lesson wants instead: keys of the
    // package's words, told in the learner's language when a use is refused
    private static final String PROCESS = "Rules.process";
    private static final String REFLECTION = "Rules.reflection";
    private static final String NATIVE = "Rules.native";
    private static final String FILES = "Rules.files";
    private static final String ENVIRONMENT = "Rules.environment";
    private static final String THREADS = "Rules.threads";
    private static final String NETWORK = "Rules.network";
    private static final String LAB = "Rules.lab";
    private static final String PACKAGE = "Rules.package";
    private static final String UNKNOWN = "Rules.unknown";
    private static final String BOOTSTRAP = "Rules.bootstrap";
    private static final String UNREADABLE = "Rules.unreadable";

    /** The packages the lesson uses (java.time with its subpackages); everything else is refused. */
    private static final Set<String> PACKAGES = Set.of(
            "java/lang", "java/util", "java/util/function", "java/util/stream", "java/util/regex", "java/util/concurrent",
            "java/util/concurrent/atomic", "java/util/concurrent/locks", "java/io", "java/nio", "java/nio/charset",
            "java/nio/channels", "java/net", "java/time", "java/text", "java/math");

    /** Refused packages (with their subpackages) whose reason says more than "the lesson does not use it". */
    private static final Map<String, String> PACKAGE_REASONS = Map.ofEntries(
            Map.entry("java/lang/reflect/", REFLECTION), Map.entry("java/lang/invoke/", REFLECTION),
            Map.entry("java/lang/module/", REFLECTION), Map.entry("java/lang/constant/", REFLECTION),
            Map.entry("java/lang/classfile/", REFLECTION), Map.entry("java/lang/runtime/", REFLECTION),
            Map.entry("java/lang/foreign/", NATIVE), Map.entry("java/lang/instrument/", NATIVE),
            Map.entry("com/sun/tools/attach/", NATIVE), Map.entry("jdk/internal/", NATIVE), Map.entry("sun/", NATIVE),
            Map.entry("java/nio/file/", FILES), Map.entry("java/net/http/", NETWORK), Map.entry("javax/net/", NETWORK));

    /** The generators' public API, all members of these and their nested types; the rest of lab.gen is the lab's machinery. */
    private static final Set<String> GENERATOR_API =
            Set.of("Generator", "Yielder", "Body", "StopIteration", "GeneratorException", "GeneratorExit");

    /**
     * What the lesson refuses inside its packages. {@code Type} is the type itself, its nested types and every use of them;
     * {@code Type#name} one member ({@code <init>}: the constructors; a trailing {@code *}: every name so begun);
     * {@code Type#name(D} only if the descriptor starts so; {@code package.*#name} that member on any type of the package.
     * A rule holds on subtypes too: the one on Thread.start catches a subclass's start.
     */
    private static final List<Rule> REFUSED = Stream.of(
            rules(PROCESS, "java.lang.System#exit", "java.lang.Runtime#exit", "java.lang.Runtime#halt", "java.lang.Runtime#exec",
                    "java.lang.Runtime#addShutdownHook", "java.lang.Runtime#removeShutdownHook",
                    "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle"),
            rules(REFLECTION, "java.lang.Class#*", "java.lang.ClassLoader", "java.lang.Module", "java.lang.ModuleLayer",
                    "java.lang.Package", "java.lang.StackWalker", "java.lang.Thread#getContextClassLoader",
                    "java.lang.Thread#setContextClassLoader", "java.util.ServiceLoader", "java.util.ResourceBundle#getBundle",
                    "java.util.ResourceBundle$Control", "java.io.ObjectStreamClass",
                    // field updaters find a field by its name, reflectively
                    "java.util.concurrent.atomic.AtomicIntegerFieldUpdater", "java.util.concurrent.atomic.AtomicLongFieldUpdater",
                    "java.util.concurrent.atomic.AtomicReferenceFieldUpdater"),
            rules(NATIVE, "java.lang.System#load", "java.lang.System#loadLibrary", "java.lang.System#mapLibraryName",
                    "java.lang.Runtime#load", "java.lang.Runtime#loadLibrary"),
            rules(FILES, "java.io.File", "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.FileReader",
                    "java.io.FileWriter", "java.io.RandomAccessFile", "java.io.FileDescriptor", "java.io.Console",
                    "java.io.ObjectInputStream", "java.io.ObjectOutputStream", "java.lang.System#console",
                    "java.io.PrintStream#<init>(Ljava/lang/String;", "java.io.PrintStream#<init>(Ljava/io/File;",
                    "java.io.PrintWriter#<init>(Ljava/lang/String;", "java.io.PrintWriter#<init>(Ljava/io/File;",
                    "java.util.Formatter#<init>(Ljava/lang/String;", "java.util.Formatter#<init>(Ljava/io/File;",
                    "java.util.Scanner#<init>(Ljava/io/File;", "java.util.Scanner#<init>(Ljava/nio/file/Path;",
                    "java.nio.channels.FileChannel", "java.nio.channels.AsynchronousFileChannel",
                    "java.net.URL", "java.net.URLConnection", "java.net.URI#toURL",
                    "java.net.UnixDomainSocketAddress"), // a socket that is a path in the file system
            rules(ENVIRONMENT, "java.lang.System#getenv", "java.lang.System#getProperty", "java.lang.System#getProperties",
                    "java.lang.System#setProperty", "java.lang.System#clearProperty", "java.lang.System#setProperties",
                    "java.lang.Integer#getInteger", "java.lang.Long#getLong", "java.lang.Boolean#getBoolean",
                    "java.lang.System#setIn", "java.lang.System#setOut", "java.lang.System#setErr",
                    "java.lang.System#inheritedChannel", "java.lang.System#getLogger", "java.lang.System$LoggerFinder"),
            rules(THREADS, "java.lang.Thread#<init>", "java.lang.Thread#start", "java.lang.Thread#startVirtualThread",
                    "java.lang.Thread#ofVirtual", "java.lang.Thread#ofPlatform", "java.lang.Thread$Builder",
                    "java.lang.Thread#getAllStackTraces", "java.lang.Thread#enumerate", "java.lang.Thread#getThreadGroup",
                    "java.lang.Thread#setDaemon", "java.lang.Thread#setName", "java.lang.Thread#setPriority",
                    "java.lang.Thread#setUncaughtExceptionHandler", "java.lang.Thread#setDefaultUncaughtExceptionHandler",
                    "java.lang.Thread#getStackTrace", "java.lang.ThreadGroup", "java.util.Timer", "java.util.TimerTask",
                    "java.util.concurrent.Executor", "java.util.concurrent.Executors", "java.util.concurrent.ExecutorService",
                    "java.util.concurrent.ScheduledExecutorService", "java.util.concurrent.ThreadPoolExecutor",
                    "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
                    "java.util.concurrent.ForkJoinTask", "java.util.concurrent.ForkJoinWorkerThread",
                    "java.util.concurrent.RecursiveTask", "java.util.concurrent.RecursiveAction",
                    "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage",
                    "java.util.concurrent.CompletionService", "java.util.concurrent.ExecutorCompletionService",
                    "java.util.concurrent.ThreadFactory", "java.util.concurrent.SubmissionPublisher",
                    "java.util.concurrent.StructuredTaskScope", "java.util.concurrent.FutureTask",
                    "java.util.*#parallelStream", "java.util.stream.*#parallel", "java.util.Arrays#parallel*",
                    // these run on the common pool without saying parallel: bulk operations given a parallelism threshold,
                    // a stream made with parallel = true, and a gatherer that maps on virtual threads
                    "java.util.concurrent.ConcurrentHashMap#forEach*(J", "java.util.concurrent.ConcurrentHashMap#reduce*(J",
                    "java.util.concurrent.ConcurrentHashMap#search*(J", "java.util.stream.StreamSupport",
                    "java.util.stream.Gatherers#mapConcurrent",
                    "java.nio.channels.AsynchronousSocketChannel", "java.nio.channels.AsynchronousServerSocketChannel",
                    "java.nio.channels.AsynchronousChannelGroup",
                    // the generators' thread fallback, there for IDE runs without the export: a thread per generator
                    "lab.gen.Generator#onThreads"),
            rules(NETWORK, "java.nio.channels.SocketChannel#connect",
                    "java.nio.channels.SocketChannel#open(Ljava/net/SocketAddress;",
                    "java.net.Socket#<init>(Ljava/lang/String;", "java.net.Socket#<init>(Ljava/net/InetAddress;",
                    "java.net.Socket#connect", "java.nio.channels.DatagramChannel", "java.net.DatagramSocket",
                    "java.net.MulticastSocket", "java.net.InetAddress#isReachable",
                    // a name lookup is a query sent out to a name server: the lesson uses getLoopbackAddress()
                    "java.net.InetAddress#getByName", "java.net.InetAddress#getAllByName",
                    "java.net.InetSocketAddress#<init>(Ljava/lang/String;",
                    // so is a reverse lookup (its question carries bytes of the caller's choosing), and these tell the machine's names
                    "java.net.InetAddress#getHostName", "java.net.InetAddress#getCanonicalHostName", "java.net.InetAddress#getLocalHost",
                    "java.net.InetSocketAddress#getHostName", "java.net.NetworkInterface",
                    // JVM-wide hooks: the JDK calls what is installed from any thread, the checker's own included
                    "java.net.*#setDefault", "java.net.*#set*Factory", "java.net.ProxySelector", "java.net.Authenticator",
                    "java.net.CookieHandler", "java.net.ResponseCache"),
            rules(REFLECTION,
                    // a stack tells which check is running: code that asks can answer the check instead of doing the work
                    "java.lang.Throwable#getStackTrace", "java.lang.Throwable#printStackTrace(L", "java.lang.Thread#dumpStack",
                    "java.lang.SecurityManager", "java.lang.StackTraceElement",
                    // a channel made by the learner's own class answers for a socket it is not
                    "java.nio.channels.*#<init>"),
            rules(FILES, "java.net.StandardProtocolFamily#UNIX")) // a socket that is a path in the file system
            .flatMap(List::stream).toList();

    /** Members allowed though a rule above refuses their type's members: what a Class tells without reflection. */
    private static final Set<String> ALLOWED = Stream.of("getName", "getSimpleName", "getTypeName", "getCanonicalName",
                    "getPackageName", "isInstance", "cast", "isArray", "isPrimitive", "isInterface", "isEnum", "isRecord",
                    "isAssignableFrom", "getComponentType", "componentType", "getEnumConstants", "getSuperclass",
                    "desiredAssertionStatus", // javac calls it for assert
                    "hashCode", "equals", "toString")
            .map(name -> "java/lang/Class#" + name).collect(Collectors.toSet());

    /** The bootstraps javac uses for lambdas, string concatenation, records and pattern switches. */
    private static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory#metafactory", "java/lang/invoke/LambdaMetafactory#altMetafactory",
            "java/lang/invoke/StringConcatFactory#makeConcatWithConstants", "java/lang/invoke/StringConcatFactory#makeConcat",
            "java/lang/runtime/ObjectMethods#bootstrap",
            "java/lang/runtime/SwitchBootstraps#typeSwitch", "java/lang/runtime/SwitchBootstraps#enumSwitch");

    // javac's only dynamic constants: a pattern switch's enum labels, made by ConstantBootstraps.invoke from these
    private static final String CONSTANT_BOOTSTRAP = "java/lang/invoke/ConstantBootstraps#invoke";
    private static final String ENUM_DESC_OF = "java/lang/Enum$EnumDesc#of";
    private static final String CLASS_DESC_OF = "java/lang/constant/ClassDesc#of";

    private static final int SHOWN = 20;
    private static final Map<String, List<String>> SUPERTYPES = new ConcurrentHashMap<>();

    private Rules() {}

    /**
     * Scans every .class file under classesDir (recursively); classes compiled from a source file named in exemptSources
     * (e.g. "Main.java", matched against the class file's SourceFile attribute) are skipped. Returns the violations sorted
     * by source file, line, then text; the same (file, line, used) is reported once.
     */
    public static List<Violation> scan(Path classesDir, Set<String> exemptSources) throws IOException {
        List<Violation> found = new ArrayList<>();
        List<ClassModel> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f)).sorted().toList()) {
                try {
                    var model = ClassFile.of().parse(Files.readAllBytes(file));
                    model.thisClass().asInternalName(); // parsing is lazy: fail here, not halfway through the scan
                    classes.add(model);
                } catch (IllegalArgumentException e) {
                    String name = file.getFileName().toString();
                    found.add(new Violation(name, name, 0, classesDir.relativize(file).toString(), WORDS.say(UNREADABLE)));
                }
            }
        }
        // the index a learner type's members are resolved in; every file is scanned, even one that repeats a name
        Map<String, ClassModel> learner = new HashMap<>();
        classes.forEach(model -> learner.putIfAbsent(model.thisClass().asInternalName(), model));
        for (ClassModel model : classes) {
            String self = model.thisClass().asInternalName();
            String source = guessSource(self);
            try {
                var named = model.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue());
                if (named.isPresent() && exemptSources.contains(named.get())) continue;
                source = named.orElse(source);
                new ClassScan(learner, model, source, found).run();
            } catch (IllegalArgumentException e) { // a malformed constant or attribute, met while reading the code
                found.add(new Violation(self.replace('/', '.'), source, 0, self.replace('/', '.'), WORDS.say(UNREADABLE)));
            }
        }
        Map<List<Object>, Violation> once = new LinkedHashMap<>();
        found.forEach(v -> once.putIfAbsent(List.of(v.sourceFile(), v.line(), v.used()), v));
        return once.values().stream()
                .sorted(Comparator.comparing(Violation::sourceFile).thenComparingInt(Violation::line)
                        .thenComparing(Violation::message))
                .toList();
    }

    /** The learner-facing block for a non-empty list: a headline, then each message indented, at most 20. */
    public static String report(List<Violation> violations) {
        var text = new StringBuilder(WORDS.say("Rules.report.headline"));
        violations.stream().limit(SHOWN).forEach(v -> text.append("\n  ").append(v.message()));
        if (violations.size() > SHOWN) text.append("\n  ").append(WORDS.say("Rules.report.more", violations.size() - SHOWN));
        return text.toString();
    }

    /** Why the lesson refuses a use of a type outside package lab (name null: the type itself), or null if it allows it. */
    private static String refusal(String type, String name, String desc) {
        String pkg = packageOf(type);
        if (pkg.equals("lab/gen") && GENERATOR_API.contains(type.substring(8).split("\\$")[0])) {
            return REFUSED.stream().filter(rule -> rule.refuses(type, name, desc)).map(Rule::reason).findFirst()
                    .map(WORDS::say).orElse(null);
        }
        if (pkg.startsWith("lab/")) return WORDS.say(LAB);
        if (!PACKAGES.contains(pkg) && !pkg.startsWith("java/time/")) {
            return PACKAGE_REASONS.entrySet().stream().filter(e -> (pkg + "/").startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().map(WORDS::say).orElseGet(() -> WORDS.say("Rules.unused",
                            pkg.isEmpty() ? WORDS.say("Rules.unused.unnamed") : pkg.replace('/', '.')));
        }
        List<String> types = supertypes(type);
        if (name != null && types.stream().anyMatch(t -> ALLOWED.contains(t + "#" + name))) return null;
        return types.stream().flatMap(t -> REFUSED.stream().filter(rule -> rule.refuses(t, name, desc)))
                .map(Rule::reason).findFirst().map(WORDS::say).orElse(null);
    }

    /** A JDK type and all its supertypes, so a rule on a type holds on its subtypes too; just the type if it cannot be loaded. */
    private static List<String> supertypes(String type) {
        return SUPERTYPES.computeIfAbsent(type, t -> {
            Class<?> c;
            try { // only named, never initialized: these are java.base classes of an allowed package
                c = Class.forName(t.replace('/', '.'), false, null);
            } catch (ClassNotFoundException | LinkageError e) {
                return List.of(t);
            }
            Set<String> all = new LinkedHashSet<>();
            Deque<Class<?>> todo = new ArrayDeque<>(List.of(c));
            while (!todo.isEmpty()) {
                var next = todo.pop();
                if (!all.add(next.getName().replace('.', '/'))) continue;
                if (next.getSuperclass() != null) todo.add(next.getSuperclass());
                todo.addAll(List.of(next.getInterfaces()));
            }
            return List.copyOf(all);
        });
    }

    /** One refused type or member (see {@link #REFUSED}). */
    private record Rule(String type, String member, String descriptor, String reason) {

        static Rule of(String reason, String spec) {
            int hash = spec.indexOf('#');
            int paren = spec.indexOf('(');
            String type = (hash < 0 ? spec : spec.substring(0, hash)).replace('.', '/');
            String member = hash < 0 ? null : spec.substring(hash + 1, paren < 0 ? spec.length() : paren);
            return new Rule(type, member, paren < 0 ? null : spec.substring(paren), reason);
        }

        /** Whether this rule refuses a use of {@code owner}'s member {@code name} (null: of the type) with descriptor {@code desc}. */
        boolean refuses(String owner, String name, String desc) {
            if (member == null) return owner.equals(type) || owner.startsWith(type + "$");
            boolean onType = type.endsWith("/*")
                    ? packageOf(owner).equals(type.substring(0, type.length() - 2))
                    : owner.equals(type);
            boolean named = name != null
                    && (member.endsWith("*") ? name.startsWith(member.substring(0, member.length() - 1)) : name.equals(member));
            return onType && named && (descriptor == null || desc != null && desc.startsWith(descriptor));
        }
    }

    private static List<Rule> rules(String reason, String... specs) {
        return Stream.of(specs).map(spec -> Rule.of(reason, spec)).toList();
    }

    /** Scans one class, knowing all the learner's classes, and adds what it refuses to a list. */
    private static final class ClassScan {

        private final Map<String, ClassModel> learner;
        private final ClassModel model;
        private final String self;
        private final String source;
        private final List<Violation> found;
        private int line;

        ClassScan(Map<String, ClassModel> learner, ClassModel model, String source, List<Violation> found) {
            this.learner = learner;
            this.model = model;
            this.self = model.thisClass().asInternalName();
            this.source = source;
            this.found = found;
        }

        void run() {
            // the class itself: in package lab, and a subtype only of what the lesson allows; reported at its first line
            line = model.methods().stream().flatMap(m -> m.code().stream()).flatMap(CodeModel::elementStream)
                    .mapMultiToInt((e, lines) -> { if (e instanceof LineNumber n) lines.accept(n.line()); })
                    .min().orElse(0);
            if (!isLearner(self)) add(self.replace('/', '.'), WORDS.say(PACKAGE));
            model.superclass().ifPresent(s -> supertype(s.asInternalName(), "extends"));
            model.interfaces().forEach(i -> supertype(i.asInternalName(), "implements"));
            for (MethodModel method : model.methods()) {
                line = 0; // until the method's first line number
                method.code().ifPresent(code -> code.forEach(this::element));
            }
        }

        private void element(CodeElement element) {
            switch (element) {
                case LineNumber n -> line = n.line();
                case InvokeInstruction i -> member(i.method());
                case FieldInstruction f -> member(f.field());
                case NewObjectInstruction n -> type(n.className().asInternalName(), true);
                case TypeCheckInstruction t -> type(t.type().asInternalName(), false);
                case NewReferenceArrayInstruction a -> type(a.componentType().asInternalName(), false);
                case NewMultiArrayInstruction a -> type(a.arrayType().asInternalName(), false);
                case LoadConstantInstruction c -> loaded(c.constantEntry());
                case InvokeDynamicInstruction i -> invokedynamic(i.invokedynamic().bootstrap());
                default -> { } // arithmetic, locals, jumps, returns, catch ranges: they name no code to run
            }
        }

        /** An {@code ldc}: a class is a use of it; a method handle, method type or dynamic constant is reflection in disguise. */
        private void loaded(LoadableConstantEntry constant) {
            switch (constant) {
                case ClassEntry c -> type(c.asInternalName(), false);
                case MethodHandleEntry h -> add(WORDS.say("Rules.used.methodHandle"), WORDS.say(REFLECTION));
                case MethodTypeEntry t -> add(WORDS.say("Rules.used.methodType"), WORDS.say(REFLECTION));
                case ConstantDynamicEntry d -> add(WORDS.say("Rules.used.dynamicConstant"), WORDS.say(REFLECTION));
                default -> { } // numbers and strings
            }
        }

        /** An invokedynamic: only javac's own bootstraps, and each class and method handle among their arguments is a use. */
        private void invokedynamic(BootstrapMethodEntry bootstrap) {
            var method = bootstrap.bootstrapMethod().reference();
            if (!BOOTSTRAPS.contains(key(bootstrap.bootstrapMethod()))) {
                String owner = method.owner().asInternalName();
                add("invokedynamic " + used(owner, method.name().stringValue(), method.type().stringValue()), WORDS.say(BOOTSTRAP));
                return;
            }
            bootstrap.arguments().forEach(this::argument);
        }

        private void argument(LoadableConstantEntry argument) {
            switch (argument) {
                case ClassEntry c -> type(c.asInternalName(), false);
                case MethodHandleEntry h -> member(h.reference()); // a lambda's body, Thread::new, a record's field
                case ConstantDynamicEntry d -> switchLabel(d);
                default -> { } // strings, numbers and method types name no code
            }
        }

        /** A pattern switch's enum label: EnumDesc.of(ClassDesc.of(name), constant), the class name a use like any other. */
        private void switchLabel(ConstantDynamicEntry label) {
            var arguments = label.bootstrap().arguments();
            if (!key(label.bootstrap().bootstrapMethod()).equals(CONSTANT_BOOTSTRAP) || arguments.isEmpty()
                    || !(arguments.getFirst() instanceof MethodHandleEntry maker)
                    || !Set.of(ENUM_DESC_OF, CLASS_DESC_OF).contains(key(maker))) {
                add(WORDS.say("Rules.used.dynamicConstant"), WORDS.say(REFLECTION));
                return;
            }
            for (var argument : arguments.subList(1, arguments.size())) {
                if (argument instanceof StringEntry name && key(maker).equals(CLASS_DESC_OF)) {
                    type(name.stringValue().replace('.', '/'), false);
                } else {
                    argument(argument);
                }
            }
        }

        private void member(MemberRefEntry ref) {
            member(ref.owner().asInternalName(), ref.name().stringValue(), ref.type().stringValue());
        }

        /** A use of a field, method or constructor; a learner type's, if no learner class declares it, is checked where it comes from. */
        private void member(String owner, String name, String desc) {
            if (owner.startsWith("[")) { // an array's clone and length are Object's
                type(owner, false);
            } else if (isLearner(owner)) {
                inherited(owner, name, desc).forEach(outside -> member(outside, name, desc));
            } else {
                String why = refusal(owner, name, desc);
                if (why != null) add(used(owner, name, desc), why);
            }
            // the types a member takes and gives are used too: a constructor of an allowed class that takes a refused
            // one (a SelectorProvider, say) hands the learner what the rules refuse
            var types = java.util.regex.Pattern.compile("L([^;<]+);").matcher(desc);
            while (types.find()) type(types.group(1), false);
        }

        /** Where a learner type's member comes from: nowhere outside if its superclass chain declares it, else any outside type. */
        private Set<String> inherited(String owner, String name, String desc) {
            Set<String> chain = new HashSet<>();
            for (String c = owner; isLearner(c) && chain.add(c); ) { // a set: a crafted class may be its own superclass
                var m = learner.get(c);
                if (m == null) {
                    add(c.replace('/', '.'), WORDS.say(UNKNOWN));
                    return Set.of();
                }
                boolean declared = desc.startsWith("(")
                        ? m.methods().stream().anyMatch(d -> d.methodName().equalsString(name) && d.methodType().equalsString(desc))
                        : m.fields().stream().anyMatch(d -> d.fieldName().equalsString(name) && d.fieldType().equalsString(desc));
                if (declared) {
                    return Set.of(); // the learner's own code, scanned on its own
                }
                c = m.superclass().map(ClassEntry::asInternalName).orElse("java/lang/Object");
            }
            // inherited from outside: from a JDK superclass or a default method, check every type it could come from
            Set<String> outside = new LinkedHashSet<>();
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(owner));
            while (!todo.isEmpty()) {
                String c = todo.pop();
                if (!seen.add(c)) continue;
                if (!isLearner(c)) {
                    outside.add(c);
                } else if (learner.get(c) instanceof ClassModel m) {
                    m.superclass().ifPresent(s -> todo.add(s.asInternalName()));
                    m.interfaces().forEach(i -> todo.add(i.asInternalName()));
                }
            }
            return outside;
        }

        /** A use of a type (its elements for an array), as {@code new Type(...)} when constructing one. */
        private void type(String type, boolean constructing) {
            String t = type.substring(type.lastIndexOf('[') + 1);
            if (t.length() < type.length()) { // an array: a descriptor like [Ljava/io/File; or [I
                if (!t.startsWith("L")) return;
                t = t.substring(1, t.length() - 1);
            }
            if (isLearner(t)) {
                if (!learner.containsKey(t)) add(t.replace('/', '.'), WORDS.say(UNKNOWN));
                return;
            }
            String why = refusal(t, null, null);
            if (why != null) add(used(t, constructing ? "<init>" : null, null), why);
        }

        /** A supertype: allowed if the type is, and its constructors too when extended (a subclass of Thread is a thread). */
        private void supertype(String type, String how) {
            if (isLearner(type)) {
                if (!learner.containsKey(type)) add(type.replace('/', '.'), WORDS.say(UNKNOWN));
                return;
            }
            String why = refusal(type, null, null);
            if (why == null) why = refusal(type, "<init>", null);
            if (why != null) add("class " + self.substring(self.lastIndexOf('/') + 1) + " " + how + " " + javaName(type), why);
        }

        /** Adds a refused use, its reason in the learner's language. */
        private void add(String used, String reason) {
            found.add(new Violation(self.replace('/', '.'), source, line, used, reason));
        }
    }

    /** How source writes a use: {@code Thread.ofVirtual()}, {@code System.getenv(...)}, {@code new java.io.File(...)}. */
    private static String used(String owner, String name, String desc) {
        String type = javaName(owner);
        if (name == null) return type;
        if (name.equals("<init>")) return "new " + type + "(...)";
        if (desc == null || !desc.startsWith("(")) return type + "." + name; // a field
        return type + "." + name + (desc.startsWith("()") ? "()" : "(...)");
    }

    /** A type's name as source writes it, java.lang's without the package: {@code Thread.Builder}, {@code java.io.File}. */
    private static String javaName(String internal) {
        boolean lang = internal.startsWith("java/lang/") && internal.indexOf('/', "java/lang/".length()) < 0;
        return (lang ? internal.substring("java/lang/".length()) : internal).replace('/', '.').replace('$', '.');
    }

    /** The file javac names a class's source when the class file does not say: its outermost class's. */
    private static String guessSource(String name) {
        return name.substring(name.lastIndexOf('/') + 1).split("\\$")[0] + ".java";
    }

    private static boolean isLearner(String type) {
        return type.startsWith("lab/") && type.indexOf('/', "lab/".length()) < 0;
    }

    private static String packageOf(String type) {
        return type.lastIndexOf('/') < 0 ? "" : type.substring(0, type.lastIndexOf('/'));
    }

    private static String key(MethodHandleEntry handle) {
        return handle.reference().owner().asInternalName() + "#" + handle.reference().name().stringValue();
    }
}
