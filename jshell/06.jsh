// Step 06 (timers) in jshell, started by ./lab jshell 6 with the step's classes on the class path.
// Each of the three things to try is a method, run once here: call it again at the prompt, or change it
// with /edit NAME. (Few, large snippets on purpose: jshell compiles each snippet on its own, which is slow.)
// The network try starts its own server on a free port (port 0), and talks to it with a client right here.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;
import java.time.Duration;

System.out.print("""
    === Step 06: timers, in jshell =================================================
        code: %s; lab.*, lab.gen.*, java.nio.*, java.nio.channels.* and Duration are imported
        generators run on %s. Three things to try: call them again by name, /list NAME shows the code.
    """.formatted(System.getProperty("lab.jshell.code", "from the class path"), Generator.implementation()));

/** A task that sleeps for ms milliseconds, then prints how long it slept and appends its name to woke. */
Generator<Wait, Void> sleeper(int ms, List<String> woke) {
    return Generator.of("sleeper " + ms, y -> {
        long start = System.nanoTime();
        y.yield(Wait.sleep(Duration.ofMillis(ms)));
        System.out.printf("the %d ms sleeper woke after %d ms%n", ms, (System.nanoTime() - start) / 1_000_000);
        woke.add(ms + " ms");
    });
}

// 1. Sleepers wake in the order of their deadlines, not in the order they went to sleep: spawned as
//    300, 100, 200 ms, they wake as 100, 200, 300, each a millisecond or two after its time, and run()
//    spends the waits asleep in select(timeout). Try a sleep of 0, or two sleepers of the same length.
void sleepersInOrder() {
    System.out.println("\n[1] sleepersInOrder(): three tasks sleep 300, 100 and 200 ms");
    var woke = new ArrayList<String>();
    var scheduler = new Scheduler();
    for (int ms : new int[] {300, 100, 200}) scheduler.spawn(sleeper(ms, woke));
    long start = System.nanoTime();
    scheduler.run();
    System.out.println("woke in order: " + String.join(", ", woke) + "; run() returned after " + (System.nanoTime() - start) / 1_000_000 + " ms");
}
sleepersInOrder();

// 2. A recv with a timeout, on a pipe: the first one times out (nobody writes within 300 ms) and throws
//    SocketTimeoutException, as a blocking socket's read with setSoTimeout does; then a second task sleeps
//    100 ms and writes, and the reader's next recv returns the data long before its timeout.
void recvWithTimeout() throws IOException {
    System.out.println("\n[2] recvWithTimeout(): a reader waits with a 300 ms timeout; a writer writes after 100 ms, the second time");
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.<Wait, Void>of("reader", y -> {
        var socket = new GenSocket(y, pipe.source());
        var buffer = ByteBuffer.allocate(100);
        try {
            socket.recv(buffer, Duration.ofMillis(300));
        } catch (java.net.SocketTimeoutException e) {
            System.out.println("recv timed out: " + e.getMessage());
        }
        int n = socket.recv(buffer, Duration.ofMillis(300));
        System.out.println("recv returned " + n + " bytes: " + new String(buffer.array(), 0, n));
    }));
    scheduler.spawn(Generator.<Wait, Void>of("writer", y -> {
        y.yield(Wait.sleep(Duration.ofMillis(400))); // past the reader's first timeout
        y.yield(Wait.sleep(Duration.ofMillis(100)));
        pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    }));
    scheduler.run();
    pipe.sink().close();
    pipe.source().close();
}
recvWithTimeout();

// 3. An idle client closed: a server whose handlers close a client after 500 ms of silence. The client
//    says hello, gets its reply, then says nothing: the server logs it and closes the connection. Try a
//    client that says something every 200 ms (it stays), or /edit the timeout.
void idleClientClosed() throws Exception {
    System.out.println("\n[3] idleClientClosed(): a server with a 500 ms idle timeout; a client says hello, then nothing");
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, client -> EchoServer.echoHandler(client, Duration.ofMillis(500))));
    // a server's run() never returns: on a thread of its own it leaves this prompt free; it ends with /exit or /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    try (var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.setSoTimeout(3000);
        client.getOutputStream().write("hello".getBytes());
        var reply = new byte[9];
        int n = client.getInputStream().readNBytes(reply, 0, 9);
        System.out.println("client sent hello, got back " + new String(reply, 0, n));
        long start = System.nanoTime();
        int end = client.getInputStream().read();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(100); // the server's lines before ours
        System.out.println(end < 0 ? "the server closed the quiet client after " + ms + " ms" : "the server sent more: " + end);
    }
    System.out.println();
}
idleClientClosed();
