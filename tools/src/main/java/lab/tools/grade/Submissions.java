package lab.tools.grade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import lab.verify.Text;
import lab.verify.Words;

/**
 * The submissions of a class, each reduced to the only thing grading uses: the {@code .java} files directly in its
 * steps' {@code src/main/java/lab/}. They are read out of a folder (no link followed), a git repository (plumbing
 * only: no checkout, no hook, no filter) or a zip (no path leaves the workspace, sizes capped); nothing of a
 * submission is built or run here, and nothing else of it is read.
 */
public final class Submissions {

    /** The largest source file taken, and the most sources taken from one submission. */
    static final int FILE_LIMIT = 256 * 1024, FILES_LIMIT = 200;

    /** The most a zip may unpack to, in bytes, and its most entries: a zip bomb is a broken zip. */
    static final long ZIP_LIMIT = 64L * 1024 * 1024;
    static final int ZIP_ENTRIES = 20_000;

    /** A source of a step, as a submission holds it: {@code steps/01-task-queue/src/main/java/lab/Scheduler.java}. */
    static final Pattern SOURCE = Pattern.compile("steps/(\\d\\d-[a-z0-9-]+)/src/main/java/lab/([A-Za-z_$][A-Za-z0-9_$]*\\.java)");

    /** One submission: its learner's name, where it came from, and its sources once read (or why they could not be). */
    public record Submission(String learner, Path origin) {}

    /** A submission's sources: file name to text per step folder, and a hash of all of it; or why there are none. */
    public record Sources(Map<String, Map<String, String>> steps, String hash, String problem) {

        /** Writes one step's sources as {@code dir/lab/*.java}; returns false if the submission has none for it. */
        boolean writeStep(String folder, Path dir) throws IOException {
            Map<String, String> files = steps.get(folder);
            if (files == null || files.isEmpty()) return false;
            Files.createDirectories(dir.resolve("lab"));
            for (var f : files.entrySet()) Files.writeString(dir.resolve("lab").resolve(f.getKey()), f.getValue());
            return true;
        }
    }

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Submissions.class);

    private Submissions() {}

    /**
     * The submissions named on the command line: a lab copy, a git repository or a zip is one submission; any
     * other folder is a folder of submissions, one per entry (hidden entries left out). Learners are named after
     * their entry, or by the roster ({@code entry,name} lines).
     */
    public static List<Submission> expand(List<Path> arguments, Map<String, String> roster) {
        Map<String, Submission> out = new LinkedHashMap<>();
        for (Path arg : arguments) {
            if (!Files.exists(arg, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(WORDS.say("sub.noSuch", arg));
            }
            List<Path> entries = isOne(arg) ? List.of(arg) : list(arg);
            for (Path entry : entries) {
                String base = entry.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
                String learner = roster.getOrDefault(base, base);
                if (out.containsKey(learner)) throw new IllegalArgumentException(WORDS.say("sub.twice", learner, out.get(learner).origin(), entry));
                out.put(learner, new Submission(learner, entry));
            }
        }
        return List.copyOf(out.values());
    }

    /** Whether a path is one submission (a zip, a lab copy, a git repository) rather than a folder of them. */
    private static boolean isOne(Path p) {
        return !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || labRoot(p).isPresent() || gitDir(p).isPresent();
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("sub.listing", folder), e);
        }
    }

    /** Reads a roster: {@code entry,name} per line; blank lines and lines starting with # are skipped. */
    public static Map<String, String> roster(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int comma = line.indexOf(',');
                if (comma < 0) throw new IllegalArgumentException(WORDS.say("sub.rosterLine", file, Text.oneLine(line)));
                out.put(line.substring(0, comma).strip(), line.substring(comma + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("sub.roster", file), e);
        }
        return out;
    }

    /** Reads a submission's sources; {@code ref} names the commit to grade in a git repository (HEAD if null). */
    public static Sources read(Submission s, String ref) {
        try {
            Path p = s.origin();
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && p.getFileName().toString().toLowerCase().endsWith(".zip")) return fromZip(p, ref);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return problem(WORDS.say("sub.aFile"));
            Optional<Path> git = gitDir(p);
            if (git.isPresent()) return fromGit(git.get(), ref);
            Optional<Path> root = labRoot(p);
            if (root.isEmpty()) return problem(WORDS.say("sub.noSteps"));
            return fromFolder(root.get());
        } catch (IOException | RuntimeException e) {
            return problem(WORDS.say("sub.unreadable", Text.oneLine(String.valueOf(e.getMessage()))));
        }
    }

    /** A lab copy's root: the folder itself if it holds steps/, or its only subfolder if that does (an unpacked archive). */
    private static Optional<Path> labRoot(Path p) {
        if (Files.isDirectory(p.resolve("steps"), LinkOption.NOFOLLOW_LINKS)) return Optional.of(p);
        List<Path> children = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? list(p) : List.of();
        if (children.size() == 1 && Files.isDirectory(children.getFirst().resolve("steps"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(children.getFirst());
        }
        return Optional.empty();
    }

    /** A repository's git folder: {@code p/.git}, or {@code p} itself if it is a bare repository. */
    private static Optional<Path> gitDir(Path p) {
        if (Files.isDirectory(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) return Optional.of(p.resolve(".git"));
        if (Files.isRegularFile(p.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(p.resolve("objects"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Sources fromFolder(Path root) throws IOException {
        var files = new Collector();
        try (Stream<Path> walk = Files.walk(root.resolve("steps"))) { // walk does not follow links
            for (Path f : walk.toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!SOURCE.matcher(rel).matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.size(f) > FILE_LIMIT) return problem(WORDS.say("sub.tooLarge", rel, FILE_LIMIT / 1024));
                if (!files.add(rel, Files.readString(f, StandardCharsets.UTF_8))) return problem(WORDS.say("sub.tooMany", FILES_LIMIT));
            }
        }
        return files.sources();
    }

    private static Sources fromZip(Path zip, String ref) throws IOException {
        var files = new Collector();
        long total = 0;
        int entries = 0;
        boolean hasGit = false;
        try (var z = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            for (var en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (++entries > ZIP_ENTRIES) return problem(WORDS.say("sub.zipEntries", ZIP_ENTRIES));
                String name = e.getName().replace('\\', '/');
                hasGit |= name.startsWith(".git/") || name.contains("/.git/");
                Matcher m = SOURCE.matcher(name.contains("steps/") ? name.substring(name.indexOf("steps/")) : name);
                // only steps/... at the top or one folder down (an archive of a lab folder), never a path that climbs
                String prefix = name.contains("steps/") ? name.substring(0, name.indexOf("steps/")) : "";
                if (e.isDirectory() || !m.matches() || name.contains("..") || prefix.chars().filter(c -> c == '/').count() > 1) continue;
                byte[] text = readCapped(z.getInputStream(e), FILE_LIMIT);
                if (text == null) return problem(WORDS.say("sub.tooLarge", name, FILE_LIMIT / 1024));
                total += text.length;
                if (total > ZIP_LIMIT) return problem(WORDS.say("sub.zipSize", ZIP_LIMIT / 1024 / 1024));
                if (!files.add(m.group(), new String(text, StandardCharsets.UTF_8))) return problem(WORDS.say("sub.tooMany", FILES_LIMIT));
            }
        } catch (java.util.zip.ZipException e) {
            return problem(WORDS.say("sub.brokenZip", Text.oneLine(String.valueOf(e.getMessage()))));
        }
        if (files.isEmpty() && hasGit) return problem(WORDS.say("sub.bareGit"));
        if (files.isEmpty()) return problem(WORDS.say("sub.noSourcesZip"));
        return files.sources();
    }

    /** Reads at most {@code limit} bytes; null if there is more. */
    private static byte[] readCapped(InputStream in, int limit) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(limit + 1);
            return b.length > limit ? null : b;
        }
    }

    private static Sources fromGit(Path gitDir, String ref) throws IOException {
        String rev = ref == null ? "HEAD" : ref;
        String commit = git(gitDir, "rev-parse", "--verify", "--quiet", rev + "^{commit}").strip();
        if (commit.isEmpty()) return problem(ref == null ? WORDS.say("sub.noCommit") : WORDS.say("sub.noRef", ref));
        var files = new Collector();
        for (String path : git(gitDir, "ls-tree", "-r", "--name-only", "-z", commit, "--", "steps").split("\0")) {
            if (!SOURCE.matcher(path).matches()) continue;
            String size = git(gitDir, "cat-file", "-s", commit + ":" + path).strip();
            if (Long.parseLong(size) > FILE_LIMIT) return problem(WORDS.say("sub.tooLarge", path, FILE_LIMIT / 1024));
            if (!files.add(path, git(gitDir, "cat-file", "blob", commit + ":" + path))) return problem(WORDS.say("sub.tooMany", FILES_LIMIT));
        }
        if (files.isEmpty()) return problem(WORDS.say("sub.noSourcesGit", rev));
        return files.sources();
    }

    /**
     * Runs git's plumbing on a repository with nothing of the repository's configuration that could run a
     * program (no hooks, no fsmonitor, no pager) and a limit on time.
     */
    private static String git(Path gitDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + gitDir, "-c", "core.hooksPath=/dev/null",
                "-c", "core.fsmonitor=false", "-c", "safe.directory=*", "--no-pager"));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        var err = lab.verify.Capped.read(p.getErrorStream(), 4096, "lab-git-stderr");
        byte[] out = p.getInputStream().readNBytes(4 * FILE_LIMIT);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(WORDS.say("sub.gitSlow", 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(WORDS.say("sub.interrupted"));
        }
        err.await(1000);
        if (p.exitValue() != 0 && !(args[0].equals("rev-parse") && p.exitValue() == 1)) {
            throw new IOException(WORDS.say("sub.gitFailed", args[0], err.text().strip()));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Sources problem(String why) {
        return new Sources(Map.of(), "", why);
    }

    /** Gathers sources by step folder and hashes them in a stable order. */
    private static final class Collector {
        private final Map<String, Map<String, String>> steps = new TreeMap<>();
        private int count;

        boolean add(String path, String text) {
            Matcher m = SOURCE.matcher(path);
            if (!m.matches()) return true;
            if (++count > FILES_LIMIT) return false;
            steps.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), text);
            return true;
        }

        boolean isEmpty() {
            return steps.isEmpty();
        }

        Sources sources() {
            try {
                var sha = MessageDigest.getInstance("SHA-256");
                for (var step : steps.entrySet()) {
                    for (var f : step.getValue().entrySet()) {
                        sha.update((step.getKey() + "/" + f.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
                        sha.update(f.getValue().getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    }
                }
                return new Sources(steps, HexFormat.of().formatHex(sha.digest()), null);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
