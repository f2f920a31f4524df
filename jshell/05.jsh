// Step 05 (generator sockets) in jshell, started by ./lab jshell 5 with the step's classes on the class path.
// Each of the three things to try is a method, run once here: call it again at the prompt, or change it
// with /edit NAME. (Few, large snippets on purpose: jshell compiles each snippet on its own, which is slow.)
// Each network try starts its own server on a free port (port 0), and talks to it with clients right here.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Step 05: generator sockets, in jshell ======================================
        code: %s; lab.*, lab.gen.*, java.nio.* and java.nio.channels.* are imported
        generators run on %s. Three things to try: call them again by name, /list NAME shows the code.
    """.formatted(System.getProperty("lab.jshell.code", "from the class path"), Generator.implementation()));

/** Starts tcpServer with this handler on a free port of 127.0.0.1, its scheduler on a thread of its own; returns the port. */
int serve(Function<SocketChannel, Generator<?, ?>> handler) throws IOException {
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, handler));
    // a server's run() never returns: on a thread of its own it leaves this prompt free; it ends with /exit or /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    return port;
}

/** A client (a plain blocking socket, as any client of the server may be) that gives up waiting for a reply after 2 s. */
Socket connect(int port) throws IOException {
    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(2000);
    return socket;
}

/** Sends text from a client and returns the server's reply, as much of it as came within 2 s. */
String ask(Socket client, String text) throws IOException {
    client.getOutputStream().write(text.getBytes());
    int expected = ("GOT:" + text).getBytes().length;
    var reply = new ByteArrayOutputStream();
    var buffer = new byte[8192];
    try {
        while (reply.size() < expected) {
            int n = client.getInputStream().read(buffer);
            if (n < 0) return reply + " (then the server closed the connection)";
            reply.write(buffer, 0, n);
        }
    } catch (SocketTimeoutException e) {
        return reply.size() == 0 ? "nothing within 2 s" : reply + " (then nothing more within 2 s)";
    }
    return reply.toString();
}

/** Gives the server's thread a moment to print its lines before ours. */
void settle() throws InterruptedException {
    Thread.sleep(200);
}

/** A message of size bytes, 0123456789 over and over, so that a lost or repeated piece shows. */
byte[] message(int size) {
    var bytes = new byte[size];
    for (int i = 0; i < size; i++) bytes[i] = (byte) ('0' + i % 10);
    return bytes;
}

/** Reads until the server closes the connection or 2 s pass without a byte; returns what came. */
byte[] readAll(Socket client) throws IOException {
    var got = new ByteArrayOutputStream();
    try {
        client.getInputStream().transferTo(got);
    } catch (SocketTimeoutException e) {
        // what came so far is the answer
    }
    return got.toByteArray();
}

/** Says whether what came back is what was sent, each piece after a GOT: (the server answers each read on its own). */
String compare(byte[] sent, byte[] got) {
    var replies = new String(got);
    int count = replies.split("GOT:", -1).length - 1;
    var echoed = replies.replace("GOT:", "");
    return (echoed.equals(new String(sent)) ? "all " + sent.length + " bytes came back, in order,"
            : "only " + echoed.length() + " of " + sent.length + " bytes came back")
            + " in " + count + " GOT: replies";
}

/** echoHandler on a connection with a small send buffer, as over a slow network: a 64 KiB reply no longer fits in one write. */
Generator<?, ?> echoWithSmallSendBuffer(SocketChannel client) {
    try {
        client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
    } catch (IOException e) {
        throw new UncheckedIOException(e);
    }
    return EchoServer.echoHandler(client);
}

/** A client with a small receive buffer, as a slow reader has, that gives up waiting for a reply after 2 s. */
Socket connectSmall(int port) throws IOException {
    var socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024); // before connecting, or TCP has already agreed on a bigger window
    socket.setSendBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.setSoTimeout(2000);
    return socket;
}

/** Sends the message from its own thread, in 64 KiB pieces, counting what it wrote; closes its sending side at the end. */
Thread sendInBackground(Socket client, byte[] message, java.util.concurrent.atomic.AtomicLong written) {
    return Thread.ofVirtual().start(() -> {
        try {
            for (int at = 0; at < message.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, message.length - at);
                client.getOutputStream().write(message, at, n);
                written.addAndGet(n);
            }
            client.shutdownOutput(); // done sending: the server sees the end of the stream and closes
        } catch (IOException e) {
            System.out.println("the client could not send it all: " + e.getMessage());
        }
    });
}

// 1. Where the yield went: this task calls socket.recv(buffer) and has no yield of its own, yet resuming
//    it by hand hands back Recv[...]: recv yielded on the task's behalf (Python's "yield from"), and the
//    task stays parked inside recv until resumed after data arrived; then recv returns what it read.
void whereTheYieldWent() throws IOException {
    System.out.println("\n[1] whereTheYieldWent(): a task that calls recv on a GenSocket over a pipe, resumed by hand");
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    Generator<Wait, Void> task = Generator.of("pipeReader", y -> {
        var socket = new GenSocket(y, pipe.source());
        var buffer = ByteBuffer.allocate(100);
        int n = socket.recv(buffer);
        System.out.println("recv returned " + n + " bytes: " + new String(buffer.array(), 0, n));
    });
    System.out.println("the task yields " + task.next() + ", from inside recv");
    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    System.out.println("wrote \"hi\" into the pipe, resuming the task:");
    try {
        task.next();
    } catch (StopIteration done) {
        System.out.println("the task ended, state " + task.state());
    }
    pipe.sink().close();
    pipe.source().close();
}
whereTheYieldWent();

// 2. A handler of your own reads like blocking code: recv, then send, no yield and no Wait in sight, and
//    still many of them share the scheduler's thread. This one shouts back: GOT: + the text in capitals.
//    Change it (/edit shout) and call yourOwnHandler() again.
Generator<Wait, Void> shout(SocketChannel client) {
    return Generator.of("shout", y -> {
        try (var socket = new GenSocket(y, client)) {
            var buffer = ByteBuffer.allocate(1024);
            while (socket.recv(buffer.clear()) > 0) {
                var text = new String(buffer.array(), 0, buffer.position());
                socket.send(ByteBuffer.wrap(("GOT:" + text.toUpperCase()).getBytes()));
            }
        }
    });
}
void yourOwnHandler() throws Exception {
    System.out.println("\n[2] yourOwnHandler(): tcpServer with the handler shout, written on GenSocket");
    int port = serve(client -> shout(client));
    try (var one = connect(port); var two = connect(port)) {
        System.out.println("client 1 sent hello, got back " + ask(one, "hello"));
        System.out.println("client 2 sent generators, got back " + ask(two, "generators"));
    }
    settle();
}
yourOwnHandler();

// 3. Step 04's proof, now through the wrapper (echoHandler sends with socket.send, which waits inside):
//    a greedy client that sends 8 MiB and reads nothing is held back by TCP, another client still gets
//    its reply at once, and when the greedy one reads, all of it comes back whole and in order.
void aClientThatDoesNotRead() throws Exception {
    System.out.println("\n[3] aClientThatDoesNotRead(): a greedy client sends 8 MiB without reading; another one says ping");
    int port = serve(client -> echoWithSmallSendBuffer(client));
    var sent = message(8 << 20);
    var written = new java.util.concurrent.atomic.AtomicLong();
    try (var greedy = connectSmall(port)) {
        var writer = sendInBackground(greedy, sent, written);
        Thread.sleep(500);
        System.out.println(written.get() < sent.length
                ? "the greedy client is held back: it could write " + written.get() / 1024 + " KiB of " + sent.length / 1024 + " KiB"
                : "the greedy client wrote all " + sent.length / 1024 + " KiB without reading: the server never stopped reading?");
        try (var polite = connect(port)) {
            long start = System.nanoTime();
            var reply = ask(polite, "ping");
            System.out.println("meanwhile a client sent ping, got back " + reply + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        System.out.println("the greedy client reads now: " + compare(sent, readAll(greedy)));
        writer.join(2000);
        System.out.println(writer.isAlive() ? "the greedy client's write is still stuck" : "the greedy client's write has finished");
    }
    settle();
    System.out.println();
}
aClientThatDoesNotRead();
