package lab.verify.step06;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lab.EchoServer;
import lab.Scheduler;
import lab.Wait;
import lab.gen.Generator;
import lab.probe.Probe;

/** Runs the learner's scheduler with sleepers and timed waits, and the echo server with a short idle timeout, in the child JVM. */
public final class Step06Probe {

    private Step06Probe() {}

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step06Probe::scenario);
    }

    /** The sleepers of scenario "sleepers", in the order they are spawned (and go to sleep): how long each sleeps, in ms. */
    static final int[] NAPS = {300, 100, 200, 100, 0, 250, 50, 150, 100};

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "sleepers" -> {
                // fact "woke I MS LATE_MICROS" as each wakes: its index, its nap, how long after its deadline it ran
                var scheduler = new Scheduler();
                for (int i = 0; i < NAPS.length; i++) {
                    int index = i, nap = NAPS[i];
                    scheduler.spawn(Generator.<Wait, Object>of("sleeper " + i, y -> {
                        long deadline = System.nanoTime() + nap * 1_000_000L;
                        y.yield(Wait.sleep(Duration.ofMillis(nap)));
                        Probe.fact("woke", index, nap, (System.nanoTime() - deadline) / 1000);
                    }));
                }
                scheduler.run();
                Probe.fact("returned");
            }
            case "zero" -> {
                var scheduler = new Scheduler();
                scheduler.spawn(Generator.<Wait, Object>of("A", y -> {
                    System.out.println("A sleeps 0"); // data
                    y.yield(Wait.sleep(Duration.ZERO));
                    System.out.println("A woke");
                }));
                scheduler.spawn(Generator.<Wait, Object>of("B", y -> {
                    for (int turn = 1; turn <= 3; turn++) {
                        System.out.println("B turn " + turn);
                        y.yield();
                    }
                }));
                scheduler.run();
            }
            case "many" -> {
                // N sleepers of about 3 s; fact "asleep" once all of them sleep, "woke-all N LATEST_MS EARLY" when all woke
                int n = Integer.parseInt(args[1]);
                var scheduler = new Scheduler();
                int[] woke = {0, 0};
                long[] latest = {0};
                for (int i = 0; i < n; i++) {
                    long nap = 3000 + i % 100;
                    scheduler.spawn(Generator.<Wait, Object>of("sleeper " + i, y -> {
                        long deadline = System.nanoTime() + nap * 1_000_000L;
                        y.yield(Wait.sleep(Duration.ofMillis(nap)));
                        long late = System.nanoTime() - deadline;
                        if (late < 0) woke[1]++;
                        latest[0] = Math.max(latest[0], late / 1_000_000);
                        if (++woke[0] == n) Probe.fact("woke-all", n, latest[0], woke[1]);
                    }));
                }
                scheduler.spawn(Generator.<Wait, Object>of("marker", y -> Probe.fact("asleep")));
                scheduler.run();
            }
            case "twice" -> twice();
            case "heap" -> {
                // one task waits with a timeout of a minute, again and again, always woken by its pipe at once
                int n = Integer.parseInt(args[1]);
                var pipe = Pipe.open();
                pipe.source().configureBlocking(false);
                pipe.sink().configureBlocking(false);
                var scheduler = new Scheduler();
                scheduler.spawn(Generator.<Wait, Object>of("recv-with-timeout", y -> {
                    var one = ByteBuffer.allocate(1);
                    long before = usedHeap(), start = System.nanoTime();
                    int timedOut = 0;
                    for (int i = 0; i < n; i++) {
                        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                        if (y.yield(Wait.recv(pipe.source(), Duration.ofMinutes(1))) != Wait.Woke.READY) timedOut++;
                        pipe.source().read(one.clear());
                    }
                    // measured while the scheduler still holds whatever it kept of those waits
                    Probe.fact("heap", usedHeap() - before, n, (System.nanoTime() - start) / 1_000_000, timedOut);
                    pipe.sink().close();
                    pipe.source().close();
                }));
                scheduler.run();
            }
            case "server" -> {
                var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Probe.fact("listening", ((InetSocketAddress) server.getLocalAddress()).getPort());
                Probe.fact("caller", Thread.currentThread().getName() + " #" + Thread.currentThread().threadId());
                Probe.watchThreads();
                var idle = Duration.ofMillis(Long.parseLong(args[1]));
                var scheduler = new Scheduler();
                scheduler.spawn(EchoServer.tcpServer(scheduler, server, client -> EchoServer.echoHandler(client, idle)));
                scheduler.run();
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /**
     * One task waits in turn for a pipe with a timeout (woken by the pipe), sleeps, waits for another pipe with a
     * timeout (woken by the deadline), sleeps while that pipe gets data, and waits for it again: fact
     * {@code waited STEP WOKE MS} for each wait, with what the yield returned and how long it took.
     */
    private static void twice() throws Exception {
        var first = Pipe.open();
        var second = Pipe.open();
        for (var p : new Pipe[] {first, second}) {
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
        }
        var writeFirst = new CountDownLatch(1);
        var writeSecond = new CountDownLatch(1);
        Probe.helper("pipe-writer", () -> {
            try {
                if (!writeFirst.await(10, TimeUnit.SECONDS)) return;
                Thread.sleep(50);
                first.sink().write(ByteBuffer.wrap(new byte[] {1}));
                if (!writeSecond.await(10, TimeUnit.SECONDS)) return;
                Thread.sleep(200);
                second.sink().write(ByteBuffer.wrap(new byte[] {2}));
            } catch (Exception e) {
                // the task's facts say what happened
            }
        });
        var scheduler = new Scheduler();
        scheduler.spawn(Generator.<Wait, Object>of("waiter", y -> {
            var one = ByteBuffer.allocate(1);
            writeFirst.countDown();
            long t = System.nanoTime();
            Object woke = y.yield(Wait.recv(first.source(), Duration.ofMillis(400)));
            Probe.fact("waited", "recv-data", woke, (System.nanoTime() - t) / 1_000_000);
            first.source().read(one.clear());
            t = System.nanoTime();
            woke = y.yield(Wait.sleep(Duration.ofMillis(800)));
            Probe.fact("waited", "sleep-after-data", woke, (System.nanoTime() - t) / 1_000_000);
            t = System.nanoTime();
            woke = y.yield(Wait.recv(second.source(), Duration.ofMillis(100)));
            Probe.fact("waited", "recv-timeout", woke, (System.nanoTime() - t) / 1_000_000);
            writeSecond.countDown();
            t = System.nanoTime();
            woke = y.yield(Wait.sleep(Duration.ofMillis(600)));
            Probe.fact("waited", "sleep-after-timeout", woke, (System.nanoTime() - t) / 1_000_000);
            t = System.nanoTime();
            woke = y.yield(Wait.recv(second.source(), Duration.ofMillis(1000)));
            Probe.fact("waited", "recv-again", woke, (System.nanoTime() - t) / 1_000_000);
            Probe.fact("read", second.source().read(one.clear()));
        }));
        scheduler.run();
        Probe.fact("returned");
    }

    /** The bytes of heap in use after a full collection. */
    private static long usedHeap() {
        var runtime = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
