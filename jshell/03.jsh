// Step 03 (echo server) in jshell, started by ./lab jshell 3 with the step's classes on the class path.
// Each of the three things to try is a method, run once here: call it again at the prompt, or change it
// with /edit NAME. (Few, large snippets on purpose: jshell compiles each snippet on its own, which is slow.)
// Each try starts its own server on a free port (port 0), and talks to it with clients right here.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Step 03: the echo server, in jshell ========================================
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

// 1. One client, two messages: look for the server's "Connection from" when the client connects, one
//    GOT: reply per message (no space after the colon), and "Connection closed" when the client closes.
//    At the prompt: int port = serve(EchoServer::echoHandler); then `nc 127.0.0.1 <port>` in a terminal.
void oneClient() throws Exception {
    System.out.println("\n[1] oneClient(): a client says hello twice, and closes");
    int port = serve(EchoServer::echoHandler);
    try (var client = connect(port)) {
        settle();
        System.out.println("client sent hello, got back " + ask(client, "hello"));
        System.out.println("client sent again, got back " + ask(client, "again"));
    }
    settle();
}
oneClient();

// 2. Three clients connected at once, served on one thread: the handler given to tcpServer is a function,
//    here wrapped to print the thread it runs on (always the scheduler's). Client 3 gets its answer
//    while clients 1 and 2 are connected and silent: no client blocks the others.
void manyClientsOneThread() throws Exception {
    System.out.println("\n[2] manyClientsOneThread(): three clients at once, answered in any order, all on the scheduler's thread");
    int port = serve(client -> {
        System.out.println("handler for " + client.socket().getRemoteSocketAddress() + " runs on thread " + Thread.currentThread().getName());
        return EchoServer.echoHandler(client);
    });
    try (var one = connect(port); var two = connect(port); var three = connect(port)) {
        settle();
        System.out.println("client 3 sent three, got back " + ask(three, "three"));
        System.out.println("client 1 sent one, got back " + ask(one, "one"));
        System.out.println("client 2 sent two, got back " + ask(two, "two"));
    }
    settle();
}
manyClientsOneThread();

// 3. A client that resets its connection (closes with SO_LINGER 0: a TCP RST instead of a goodbye) makes
//    its handler's read fail: run() logs "Task failed" and drops that task only, and the server goes on
//    serving the next client.
void aClientResets() throws Exception {
    System.out.println("\n[3] aClientResets(): one client resets its connection; the next one is still served");
    int port = serve(EchoServer::echoHandler);
    var rude = connect(port);
    System.out.println("rude client sent hi, got back " + ask(rude, "hi"));
    rude.setSoLinger(true, 0);
    rude.close();
    settle();
    try (var polite = connect(port)) {
        System.out.println("next client sent still there?, got back " + ask(polite, "still there?"));
    }
    settle();
    System.out.println();
}
aClientResets();
