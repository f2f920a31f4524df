package lab.tools;

import static lab.tools.Mutant.failed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.tools.Checker.Report;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The verifiers of steps 02–05 against servers with exactly one classic bug each: every check must fail on its
 * bug, with a message that names it. The bugs are the solution's text with targeted replacements ({@link Mutant}).
 */
@DisplayName("The verifiers of steps 02-06 bite")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class VerifiersBiteTest {

    @Nested
    @DisplayName("step 02, waiting tasks")
    class Step02 {

        @Test
        @DisplayName("a task that waits to receive is woken at once (treated as a bare yield): fails, saying it was resumed before data")
        void wakesBeforeReady() throws Exception {
            Report report = Mutant.of(2, "wakes-early")
                    .replace("Scheduler.java", "case Wait.Recv(var channel) -> park(recvWait, channel, task);",
                            "case Wait.Recv(var channel) -> tasks.addLast(task);")
                    .check("Waiting");
            assertThat(failed(report, "not resumed before data arrives").message())
                    .contains("resumed before its channel had data").contains("A resumed: read 0 bytes").contains("step02-park");
            assertThat(failed(report, "order their channels become ready").message()).contains("reader 1 got 0 bytes");
        }

        @Test
        @DisplayName("an unknown reason printed and dropped instead of thrown: fails, saying run() accepted it")
        void unknownReasonSwallowed() throws Exception {
            Report report = Mutant.of(2, "unknown-swallowed")
                    .replace("Scheduler.java", "default -> throw new IllegalArgumentException(", "default -> System.out.println(")
                    .check("Reasons");
            assertThat(failed(report, "unknown reason").message())
                    .contains("accepted a yield reason it does not know").contains("Nap[seconds=5]").contains("step02-run");
        }

        @Test
        @DisplayName("waitForIo wakes only readers: a task waiting to send is never woken, and the check says so")
        void sendWaitersNeverWoken() throws Exception {
            Report report = Mutant.of(2, "no-send-wake")
                    .replace("Scheduler.java", "if ((ready & OP_WRITE) != 0) unpark(sendWait, key);", "")
                    .check("Waiting");
            assertThat(failed(report, "waiting to send").message()).contains("did not finish in time").contains("lab.Scheduler");
        }
    }

    @Nested
    @DisplayName("step 02, the selector's bookkeeping")
    class Step02Bookkeeping {

        @Test
        @DisplayName("interest bits overwritten instead of added: a reader and a writer on one socket fail, saying so")
        void interestOverwritten() throws Exception {
            Report report = Mutant.of(2, "interest-overwritten")
                    .replace("Scheduler.java", "key.interestOps(key.interestOps() | ops);", "key.interestOps(ops);")
                    .check("Bookkeeping");
            assertThat(failed(report, "reader and a writer").message()).contains("interestOps(key.interestOps() | ops)");
        }

        @Test
        @DisplayName("interest bits never cleared on waking: the scheduler spins or fails, and the check says so")
        void interestNeverCleared() throws Exception {
            Report report = Mutant.of(2, "interest-kept")
                    .replace("Scheduler.java", "        key.interestOps(key.interestOps() & ~interest(waiting, key.channel()));\n", "")
                    .check("Bookkeeping");
            assertThat(report.allPassed()).isFalse();
            assertThat(failed(report, "sleeps in select()").message()).containsAnyOf("kept a core busy", "threw", "did not finish");
        }

        @Test
        @DisplayName("selected keys never cleared: fails")
        void selectedKeysKept() throws Exception {
            Report report = Mutant.of(2, "selected-kept")
                    .replace("Scheduler.java", "        selector.selectedKeys().clear(); // the selector only adds keys to this set; a key left in it would be reported again\n", "")
                    .check("Bookkeeping", "Waiting");
            assertThat(report.allPassed()).isFalse();
        }

        @Test
        @DisplayName("a second waiter put over the first: fails, saying to refuse it")
        void secondWaiterReplaces() throws Exception {
            Report report = Mutant.of(2, "second-waiter")
                    .replace("Scheduler.java", "var other = waiting.putIfAbsent(channel, task);", "var other = (Object) null; waiting.put(channel, task);")
                    .check("Bookkeeping");
            assertThat(failed(report, "second task").message()).contains("putIfAbsent");
        }

        @Test
        @DisplayName("selectNow() in place of select(): a busy core, named")
        void neverSleeps() throws Exception {
            Report report = Mutant.of(2, "select-now")
                    .replace("Scheduler.java", "            selector.select();", "            selector.selectNow();")
                    .check("Bookkeeping");
            assertThat(failed(report, "sleeps in select()").message()).contains("kept a core busy").contains("ms of CPU");
        }
    }

    @Nested
    @DisplayName("step 03, the echo server")
    class Step03 {

        @Test
        @DisplayName("a handler that does not close its socket when the client resets: fails, counting the descriptors kept")
        void leaksOnReset() throws Exception {
            Report report = Mutant.of(3, "leak-on-reset")
                    .replace("EchoServer.java", "            try (client) {\n                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);",
                            "            try {\n                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);")
                    .check("Failures");
            assertThat(failed(report, "frees the socket").message()).contains("kept the sockets").contains("more").contains("finally");
        }

        @Test
        @DisplayName("one accept per wake-up: the burst passes, but the server task's resumes give it away")
        void oneAcceptPerWakeUp() throws Exception {
            Report report = Mutant.of(3, "one-accept")
                    .replace("EchoServer.java", "while ((client = server.accept()) != null) {", "if ((client = server.accept()) != null) {")
                    .check("Burst");
            assertThat(failed(report, "1100 clients").message()).contains("one client per turn").contains("resumes");
        }

        @Test
        @DisplayName("a server that never sleeps: fails the idle check, with its CPU")
        void serverSpins() throws Exception {
            Report report = Mutant.of(3, "server-spins")
                    .replace("Scheduler.java", "            selector.select();", "            selector.selectNow();")
                    .check("Echo");
            assertThat(failed(report, "quiet").message()).contains("kept a core busy");
        }

        @Test
        @DisplayName("a thread per connection (blocking clients driven by their own threads): refused; run anyway, fails naming the threads")
        void threadPerConnection() throws Exception {
            var mutant = Mutant.of(3, "thread-per-connection")
                    .replace("EchoServer.java", "client.configureBlocking(false);", "client.configureBlocking(true);")
                    .replace("EchoServer.java", "scheduler.spawn(handler.apply(client));", """
                            var task = handler.apply(client);
                                                Thread.ofPlatform().name("connection-" + client.socket().getPort()).start(() -> {
                                                    try {
                                                        while (true) task.send(null);
                                                    } catch (RuntimeException done) {
                                                        // finished or failed
                                                    }
                                                });""");
            assertThat(mutant.refused()).contains("EchoServer.java:").contains("Thread.ofPlatform()");
            Report report = mutant.withoutRules().check("Echo");
            assertThat(failed(report, "one thread").message())
                    .contains("other threads than the scheduler's").contains("connection-").contains("a thread (or an executor) per connection");
        }

        @Test
        @DisplayName("run() lets a client's reset end the server: fails with what the server threw, not with connection refused")
        void diesOnReset() throws Exception {
            Report report = Mutant.of(3, "dies-on-reset")
                    .replace("Scheduler.java", "System.out.println(\"Task failed: \" + task.name() + \": \" + reason);\n                    continue;",
                            "throw failed; // one client's error ends the server")
                    .check("Failures");
            assertThat(failed(report, "resets its connection").message())
                    .contains("threw GeneratorException").contains("Connection reset").contains("Task failed")
                    .doesNotStartWith("Could not connect");
        }

        @Test
        @DisplayName("a handler that drops what came with the end of the stream: the half-close check fails, saying so")
        void closesTooEarly() throws Exception {
            Report report = Mutant.of(3, "closes-too-early")
                    .replace("EchoServer.java", "if (client.read(reply) < 0) break;",
                            "int n; while ((n = client.read(reply)) > 0) { } if (n < 0) break;")
                    .check("Failures");
            assertThat(failed(report, "half-closes").message())
                    .contains("then shutdownOutput() at once").contains("expected:  \"GOT:last words 1\"")
                    .contains("saw the end of the stream");
        }

        @Test
        @DisplayName("no Connection closed log: fails, saying what to print")
        void noCloseLog() throws Exception {
            Report report = Mutant.of(3, "no-close-log")
                    .replace("EchoServer.java", "System.out.println(\"Connection closed \" + address);", "")
                    .check("Failures");
            assertThat(failed(report, "Connection closed").message()).contains("did not log").contains("\"Connection closed \"");
        }
    }

    @Nested
    @DisplayName("step 04, waiting to send")
    class Step04 {

        static final String SEND_LOOP = """
                client.write(reply);
                                    while (reply.hasRemaining()) {
                                        y.yield(Wait.send(client));
                                        client.write(reply);
                                    }""";

        @Test
        @DisplayName("a write loop that never yields (a blocking write): fails, naming the slow client")
        void blockingWrite() throws Exception {
            Report report = Mutant.of(4, "blocking-write")
                    .replace("EchoServer.java", SEND_LOOP, "while (reply.hasRemaining()) client.write(reply);")
                    .check("SendWait");
            assertThat(failed(report, "8 MiB").message())
                    .contains("Other clients got no prompt reply while one client was slow to read")
                    .contains("a slow client sent").contains("stuck writing to the slow client");
        }

        @Test
        @DisplayName("blocking client channels: fails with the scheduler's configureBlocking(false) error")
        void blockingChannels() throws Exception {
            Report report = Mutant.of(4, "configure-blocking-true")
                    .replace("EchoServer.java", "client.configureBlocking(false);", "client.configureBlocking(true);")
                    .check("Step03Echo");
            assertThat(failed(report, "GOT:hello").message()).contains("configureBlocking(false)").doesNotStartWith("Could not connect")
                    .contains("likely:    a task waited for a channel in blocking mode"); // the lab's scheduler's English, told in the learner's words
        }

        @Test
        @DisplayName("one write per reply (a partial write loses the rest): fails, saying how much came back")
        void singlePartialWrite() throws Exception {
            Report report = Mutant.of(4, "single-write")
                    .replace("EchoServer.java", SEND_LOOP, "y.yield(Wait.send(client));\n                    client.write(reply);")
                    .check("SendWait");
            assertThat(failed(report, "8 MiB").message())
                    .contains("did not come back whole").contains("of the 8 MiB").contains("hasRemaining()");
        }

        @Test
        @DisplayName("\"GOT:\" written again before each partial write: fails, counting replies against reads")
        void gotPerWrite() throws Exception {
            Report report = Mutant.of(4, "got-per-write")
                    .replace("EchoServer.java", "reply.flip();", "reply.flip().position(GOT.length);")
                    .replace("EchoServer.java", SEND_LOOP, """
                            while (reply.hasRemaining()) {
                                                    y.yield(Wait.send(client));
                                                    client.write(new ByteBuffer[] {ByteBuffer.wrap(GOT), reply});
                                                }""")
                    .check("SendWait");
            // a write that takes only part of "GOT:" breaks the frame itself; either way the check names the framing
            assertThat(failed(report, "8 MiB").message()).containsAnyOf("more \"GOT:\" than your handler had reads", "\"GOT:\" broken");
        }

        @Test
        @DisplayName("accept's \"Too many open files\" not caught (step 03's tcpServer): fails, the clients that waited never served")
        void outOfDescriptorsKillsServerTask() throws Exception {
            Report report = Mutant.of(4, "accept-not-caught")
                    .replace("EchoServer.java", "} catch (IOException e) {\n                    // \"Too many open files\"",
                            "} catch (IllegalStateException e) {\n                    // \"Too many open files\"")
                    .check("OutOfDescriptors");
            assertThat(failed(report, "Too many open files").message())
                    .contains("its tcpServer task failed").contains("Task failed: tcpServer").contains("Too many open files")
                    .contains("catch it around the accept loop").contains("step04-descriptors");
        }

        @Test
        @DisplayName("\"Too many open files\" caught, then tcpServer gives up: fails the same way")
        void outOfDescriptorsGivesUp() throws Exception {
            Report report = Mutant.of(4, "accept-gives-up")
                    .replace("EchoServer.java", "full = true;", "return;")
                    .check("OutOfDescriptors");
            // the server task ended, so run() returns once the first clients leave: the server's end is the reason given
            assertThat(failed(report, "Too many open files").message())
                    .contains("stopped accepting clients after it ran out of descriptors").contains("tcpServer must loop forever");
        }

        @Test
        @DisplayName("\"Too many open files\" printed at every failed accept: fails, counting the lines")
        void outOfDescriptorsSaidEveryRound() throws Exception {
            Report report = Mutant.of(4, "accept-said-every-round")
                    .replace("EchoServer.java", "if (!full) System.out.println(", "System.out.println(")
                    .check("OutOfDescriptors");
            assertThat(failed(report, "Too many open files").message()).containsAnyOf("times while serving one crowd", "lines");
        }

        @Test
        @DisplayName("replies queued without bound while reading on: fails, saying how much the server took")
        void unboundedBuffering() throws Exception {
            Report report = Mutant.of(4, "unbounded-buffering")
                    .replace("EchoServer.java", "var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);",
                            "var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);\n"
                                    + "                var pending = new java.util.ArrayDeque<ByteBuffer>();")
                    .replace("EchoServer.java", SEND_LOOP, """
                            pending.add(ByteBuffer.allocate(reply.remaining()).put(reply).flip());
                                                while (!pending.isEmpty()) {
                                                    client.write(pending.peek());
                                                    if (pending.peek().hasRemaining()) break;
                                                    pending.poll();
                                                }""")
                    .check("BackPressure");
            assertThat(failed(report, "sends far more than it reads").message())
                    .contains("kept taking data from a client that reads none of its replies").contains("without stalling the client");
        }
    }

    @Nested
    @DisplayName("step 05, generator sockets")
    class Step05 {

        @Test
        @DisplayName("a handler that still yields by itself: fails, naming the method and line")
        void handlerYields() throws Exception {
            Report report = Mutant.of(5, "handler-yields")
                    .replace("EchoServer.java", "if (socket.recv(reply) < 0) break;",
                            "y.yield(Wait.recv(client));\n                    if (client.read(reply) < 0) break;")
                    .check("NoYieldInHandlers");
            assertThat(failed(report, "but GenSocket yields").message())
                    .contains("y.yield(...) in EchoServer.echoHandler (its generator body), line").contains("GenSocket");
        }

        @Test
        @DisplayName("a yield moved out of the handler, into a helper class of the learner's: fails, naming the helper")
        void helperYields() throws Exception {
            Report report = Mutant.of(5, "helper-yields")
                    .add("Waits.java", """
                            package lab;

                            import java.nio.channels.SocketChannel;
                            import lab.gen.Yielder;

                            final class Waits {
                                static void untilReadable(Yielder<? super Wait, ?> y, SocketChannel c) {
                                    Runnable later = new Runnable() {
                                        @Override public void run() { }
                                    };
                                    later.run();
                                    y.yield(Wait.recv(c));
                                }
                            }
                            """)
                    .replace("EchoServer.java", "if (socket.recv(reply) < 0) break;",
                            "Waits.untilReadable(y, client);\n                    if (client.read(reply) < 0) break;")
                    .check("NoYieldInHandlers");
            assertThat(failed(report, "but GenSocket yields").message()).contains("y.yield(...) in Waits.untilReadable, line");
        }

        @Test
        @DisplayName("GenSocket.accept that lets \"Too many open files\" through: step 04's check, carried, fails")
        void wrapperAcceptNotCaught() throws Exception {
            Report report = Mutant.of(5, "wrapper-accept-not-caught")
                    .replace("GenSocket.java", "} catch (IOException e) {\n                // \"Too many open files\"",
                            "} catch (IllegalStateException e) {\n                // \"Too many open files\"")
                    .check("OutOfDescriptors");
            assertThat(failed(report, "Too many open files").message()).contains("its tcpServer task failed").contains("Too many open files");
        }

        @Test
        @DisplayName("GenSocket.send that writes once: the 8 MiB echo through the wrapper fails")
        void wrapperSingleWrite() throws Exception {
            Report report = Mutant.of(5, "wrapper-single-write")
                    .replace("GenSocket.java", "while (from.hasRemaining()) {", "if (from.hasRemaining()) {")
                    .check("SendWait");
            assertThat(failed(report, "8 MiB").message()).contains("did not come back whole");
        }

        @Test
        @DisplayName("a recv that reads first with no limit: a client that never pauses keeps the thread, and the check counts the reads")
        void readFirstWithoutLimit() throws Exception {
            Report report = Mutant.of(5, "read-first-without-limit")
                    .replace("GenSocket.java", VariantsTest.READ_AT_ONCE, "int n = filled ? in.read(into) : 0;")
                    .check("NeverPauses");
            assertThat(failed(report, "256 reads").message())
                    .contains("kept the thread").contains("reads in one turn").contains("READS_IN_A_ROW");
        }

        @Test
        @DisplayName("a recv that never waits (a read of 0 bytes returned as it is): the echo fails, answers of \"GOT:\" and nothing else showing")
        void recvNeverWaits() throws Exception {
            Report report = Mutant.of(5, "recv-never-waits")
                    .replace("GenSocket.java", "while (n == 0 && into.hasRemaining()) {", "if (n == 0 && !into.hasRemaining()) {")
                    .check("Echo");
            assertThat(failed(report, "200 clients").message()).contains("GOT:GOT:");
        }
    }

    @Test
    @DisplayName("an untouched server skeleton fails with what the server threw (the TODO), not with connection refused")
    void skeletonReportsTodo() throws Exception {
        var step = SelfTest.LAYOUT.step(3);
        Path dir = Path.of("target/selftest/todo-" + step.folder());
        Core.deleteTree(dir);
        for (var e : new Skeletons(SelfTest.LAYOUT.book()).generate(step.solution()).entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        Report report;
        try (var code = Checker.compile(step, dir.resolve("src/main/java"))) {
            report = Checker.verify(step, code, new TestExecutionListener() {},
                    java.util.List.of(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass("lab.verify.step03.Step03Verifier$Echo")));
        }
        assertThat(report.results()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).startsWith("tcpServer(scheduler, server, handler) is not written yet.");
        });
    }

    @Test
    @DisplayName("every book section a verifier names is a section of lab.adoc")
    void bookSectionsExist() throws Exception {
        Map<String, String> sections = new Skeletons(SelfTest.LAYOUT.book()).sections();
        var used = new TreeSet<String>();
        Pattern p = Pattern.compile("new BookSection\\(\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(SelfTest.LAYOUT.root().resolve("verify"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                var m = p.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1));
            }
        }
        assertThat(used).as("book sections named by the verifiers").isNotEmpty();
        assertThat(used).as("sections named by verifiers but missing from lab.adoc").allSatisfy(id -> assertThat(sections).containsKey(id));
    }

    @Nested
    @DisplayName("step 06, timers")
    class Step06 {

        static final String TIMED_SELECT = "if (millis > 0) selector.select(millis);\n            else selector.selectNow();";

        @Test
        @DisplayName("select() without a timeout while a task sleeps: the sleepers never wake, and the check names it")
        void selectWithoutTimeout() throws Exception {
            Report report = Mutant.of(6, "select-no-timeout")
                    .replace("Scheduler.java", TIMED_SELECT, "selector.select();")
                    .check("Sleepers#wakeInDeadlineOrder");
            assertThat(failed(report, "order of their deadlines").message()).contains("select() with no timeout while a task sleeps");
        }

        @Test
        @DisplayName("selectNow() over and over while tasks sleep (busy-polling): the 10,000 sleepers' CPU check fails, naming it")
        void busyPolls() throws Exception {
            Report report = Mutant.of(6, "busy-poll")
                    .replace("Scheduler.java", TIMED_SELECT, "selector.selectNow();")
                    .check("Sleepers#manySleepersCostNoCpu");
            assertThat(failed(report, "10,000 sleepers").message()).contains("kept a core busy while every task slept").contains("busy-polls");
        }

        @Test
        @DisplayName("due sleepers woken only inside waitForIo: a sleep of zero waits for the task that takes turns, and the check says so")
        void wakesOnlyWhenIdle() throws Exception {
            Report report = Mutant.of(6, "wake-only-when-idle")
                    .replace("Scheduler.java", "            wakeSleepers();                                  // every task whose deadline has come joins this round\n", "")
                    .replace("Scheduler.java", "            select();\n        } catch", "            select();\n            wakeSleepers();\n        } catch")
                    .check("Sleepers#sleepZeroWakesNextRound");
            assertThat(failed(report, "sleeps zero").message()).contains("did not wake the task that slept zero").contains("every round");
        }

        @Test
        @DisplayName("a task woken by its channel keeps its deadline: woken twice, and the check names it")
        void deadlineKept() throws Exception {
            Report report = Mutant.of(6, "deadline-kept")
                    .replace("Scheduler.java", "        if (sleeper != null) sleepers.remove(sleeper); // woken by its channel: its deadline must not wake it again\n", "")
                    .check("Timeouts#wokenOnce");
            assertThat(failed(report, "wakes a task once").message()).contains("woken twice: by its channel, then by the deadline");
        }

        @Test
        @DisplayName("a task woken by its deadline keeps its channel watched: woken twice, and the check names it")
        void channelKept() throws Exception {
            Report report = Mutant.of(6, "channel-kept")
                    .replace("Scheduler.java", "            if (sleeper.channel() != null) unwatch(sleeper.waiting(), sleeper.channel()); // timed out: its channel must not wake it again\n", "")
                    .check("Timeouts#wokenOnce");
            assertThat(failed(report, "wakes a task once").message()).contains("woken twice: by its deadline, then by its channel");
        }

        @Test
        @DisplayName("cancelled deadlines marked and skipped, never removed: nothing wakes twice, but the heap check fails, naming it")
        void cancelledDeadlinesLeft() throws Exception {
            Report report = Mutant.of(6, "deadlines-left")
                    .replace("Scheduler.java", "        if (sleeper != null) sleepers.remove(sleeper); // woken by its channel: its deadline must not wake it again\n", "")
                    .replace("Scheduler.java", "            deadlines.remove(sleeper.task());\n",
                            "            if (!deadlines.remove(sleeper.task(), sleeper)) continue; // cancelled: skip it\n")
                    .check("Timeouts");
            assertThat(failed(report, "leaves no deadline behind").message()).contains("kept the deadlines of waits that had ended")
                    .contains("cancelled deadlines left in the PriorityQueue");
            assertThat(report.results()).filteredOn(r -> r.names().getLast().contains("wakes a task once")).allMatch(Checker.Result::passed);
        }

        @Test
        @DisplayName("an idle timeout caught and ignored: quiet clients are never closed, and the check says so")
        void idleIgnored() throws Exception {
            Report report = Mutant.of(6, "idle-ignored")
                    .replace("EchoServer.java", "                        break; // a client that sends nothing must not hold a descriptor and a task for ever\n",
                            "                        continue;\n")
                    .check("IdleClients#idleClientsClosed");
            assertThat(failed(report, "closes 20 clients").message()).contains("kept a client that sent nothing");
        }

        @Test
        @DisplayName("the idle timeout counted from the connection, not from the last message: the slow client is cut off")
        void idleFromConnection() throws Exception {
            Report report = Mutant.of(6, "idle-from-connection")
                    .replace("EchoServer.java", "                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);\n",
                            "                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);\n                long since = System.nanoTime();\n")
                    .replace("EchoServer.java", "socket.recv(reply, idle)", "socket.recv(reply, java.time.Duration.ofNanos(Math.max(1, idle.toNanos() - (System.nanoTime() - since))))")
                    .check("IdleClients#slowButActiveKept");
            assertThat(failed(report, "slow client").message()).contains("counted from the connection");
        }
    }
}
