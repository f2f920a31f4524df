package lab.tools.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import lab.tools.Core;
import lab.tools.Layout;
import lab.tools.Skeletons;

/**
 * A class of submissions made from the reference solutions, one per kind of thing an instructor meets: correct,
 * partly done, a step missing, a loop, an exit, a compile error, a flood, a process, a peek at another
 * submission, a zip, a git repository, a broken zip, an empty folder, a folder that is no lab.
 */
final class ClassFixture {

    static final Layout LAYOUT = Layout.at(Path.of(System.getProperty("lab.root", "../..")));

    private final Path root;

    private ClassFixture(Path root) {
        this.root = root;
    }

    /** Writes the class into {@code root} (emptied first) and returns it. */
    static ClassFixture write(Path root) throws Exception {
        Core.deleteTree(root);
        Files.createDirectories(root);
        var c = new ClassFixture(root);
        c.lab("alice");                                                        // every step done
        c.lab("bob").skeleton(2);                                              // step 2 not started
        c.lab("carol").remove(1);                                              // step 1's folder deleted
        c.lab("dave").remove(2);                                               // step 2's folder deleted
        c.lab("erin").edit(1, "Scheduler.java", "while (!tasks.isEmpty()) {", "while (true) { if (tasks.isEmpty()) continue;"); // an endless loop
        c.lab("frank").edit(1, "Scheduler.java", "System.out.println(\"Task done\");",
                "System.out.println(\"Task done\"); if (tasks.isEmpty()) System.exit(0);");         // System.exit
        c.lab("grace").edit(2, "Scheduler.java", "public void run() {", "public void run() { int x = ;");  // a compile error
        c.lab("heidi").edit(1, "Scheduler.java", "System.out.println(\"Task done\");",
                "for (int i = 0; i < 5_000_000; i++) System.out.println(\"Task done, again and again\");"); // a flood
        c.lab("ivan").edit(1, "Scheduler.java", "System.out.println(\"Task done\");",
                "System.out.println(\"Task done\"); try { new ProcessBuilder(\"sleep\", \"600\").start(); } catch (Exception e) { }"); // a process
        c.lab("judy").edit(1, "Scheduler.java", "System.out.println(\"Task done\");",
                "System.out.println(\"Task done\"); try { System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of(\""
                        + root.resolve("alice/steps/01-task-queue/src/main/java/lab/Scheduler.java") + "\"))); } catch (Exception e) { }"); // a peek
        c.lab("kate").edit(1, "Scheduler.java", "tasks.addLast(task);\n        // END", "tasks.addFirst(task);\n        // END"); // a wrong end
        c.lab("leo").edit(2, "Scheduler.java", "default -> throw new IllegalArgumentException(", "default -> System.out.println(");  // swallowed reason
        c.lab("mallory").zip();                                                // a zip of a lab folder
        c.lab("niaj").git();                                                   // a git repository: skeleton, then solution
        c.lab("olga").skeleton(1).skeleton(2);                                 // nothing done
        c.lab("peggy").edit(1, "Scheduler.java", "tasks.addLast(task);\n        // END",
                "tasks.addLast(task);\n        Thread.ofVirtual().start(() -> { });\n        // END"); // a thread
        Files.createDirectories(root.resolve("quentin"));                     // an empty folder
        Files.createDirectories(root.resolve("rupert"));                      // a folder that is no lab
        Files.writeString(root.resolve("rupert/notes.txt"), "my homework is in the cloud");
        Files.write(root.resolve("sybil.zip"), "PK\3\4 this is not a zip".getBytes());   // a broken zip
        c.lab("=HYPERLINK(\"x\")");                                           // a name a spreadsheet would run
        c.lab("trent");                                                        // correct again, to pass twice
        return c;
    }

    /** A learner's copy of the lab: every step's solution as the step's code. */
    private Learner lab(String name) throws Exception {
        Path dir = root.resolve(name);
        for (Layout.Step step : LAYOUT.steps()) {
            Path to = dir.resolve("steps").resolve(step.folder()).resolve("src/main/java");
            copy(step.solution().resolve("src/main/java"), to);
        }
        Files.writeString(dir.resolve("README.md"), "a learner's copy of the lab\n");
        return new Learner(dir);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }

    /** One learner's lab copy, to spoil. */
    record Learner(Path dir) {

        Path step(int n) {
            return dir.resolve("steps").resolve(LAYOUT.step(n).folder());
        }

        Learner skeleton(int n) throws IOException {
            for (var e : new Skeletons(LAYOUT.book()).generate(LAYOUT.step(n).solution()).entrySet()) {
                Files.writeString(step(n).resolve(e.getKey()), e.getValue());
            }
            return this;
        }

        Learner remove(int n) {
            Core.deleteTree(step(n));
            return this;
        }

        Learner edit(int n, String file, String from, String to) throws IOException {
            Path f = step(n).resolve("src/main/java/lab").resolve(file);
            String text = Files.readString(f);
            if (!text.contains(from)) throw new IllegalStateException(file + " of step " + n + " has no " + from);
            Files.writeString(f, text.replace(from, to));
            return this;
        }

        void zip() throws IOException {
            Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
            try (var out = new ZipOutputStream(Files.newOutputStream(zip)); var walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new ZipEntry(dir.getFileName() + "/" + dir.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            Core.deleteTree(dir);
        }

        /** Two commits: the skeleton of step 1 (tagged "start"), then the solution; HEAD is the solution. */
        void git() throws Exception {
            Path sources = step(1).resolve("src/main/java/lab");
            var solution = new java.util.TreeMap<Path, String>();
            try (var files = Files.list(sources)) {
                for (Path f : files.toList()) solution.put(f, Files.readString(f));
            }
            skeleton(1);
            run("git", "init", "-q");
            run("git", "add", "-A");
            run("git", "-c", "user.name=niaj", "-c", "user.email=niaj@example.org", "commit", "-q", "-m", "start");
            run("git", "tag", "start");
            for (var f : solution.entrySet()) Files.writeString(f.getKey(), f.getValue());
            run("git", "add", "-A");
            run("git", "-c", "user.name=niaj", "-c", "user.email=niaj@example.org", "commit", "-q", "-m", "step 1 done");
            // an untracked file that is not in any commit: grading reads commits, never the work tree
            Files.writeString(step(2).resolve("src/main/java/lab/Scheduler.java"), "this file is not committed");
        }

        private void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }
}
