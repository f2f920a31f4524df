// Schritt 03 (Echo-Server) in der jshell, gestartet von ./lab jshell 3 mit den Klassen des Schritts im Klassenpfad.
// Jedes der drei Dinge zum Ausprobieren ist eine Methode, hier einmal ausgeführt: Rufen Sie sie am Prompt erneut auf,
// oder ändern Sie sie mit /edit NAME. (Absichtlich wenige, große Snippets: Die jshell kompiliert jedes Snippet einzeln, und das ist langsam.)
// Jeder Versuch startet seinen eigenen Server auf einem freien Port (Port 0) und spricht gleich hier mit Clients zu ihm.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Schritt 03: der Echo-Server, in der jshell =================================
        Code: %s; lab.*, lab.gen.*, java.nio.* und java.nio.channels.* sind importiert
        Generatoren laufen auf %s. Drei Dinge zum Ausprobieren: Rufen Sie sie erneut beim Namen auf, /list NAME zeigt den Code.
    """.formatted(System.getProperty("lab.jshell.code", "aus dem Klassenpfad"), Generator.implementation()));

/** Startet tcpServer mit diesem Handler auf einem freien Port von 127.0.0.1, seinen Scheduler auf einem eigenen Thread; gibt den Port zurück. */
int serve(Function<SocketChannel, Generator<?, ?>> handler) throws IOException {
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, handler));
    // das run() eines Servers kehrt nie zurück: auf einem eigenen Thread lässt es diesen Prompt frei; es endet mit /exit oder /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    return port;
}

/** Ein Client (ein einfacher blockierender Socket, wie ihn jeder Client des Servers haben kann), der nach 2 s aufhört, auf eine Antwort zu warten. */
Socket connect(int port) throws IOException {
    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(2000);
    return socket;
}

/** Sendet Text von einem Client und gibt die Antwort des Servers zurück, so viel davon, wie innerhalb von 2 s kam. */
String ask(Socket client, String text) throws IOException {
    client.getOutputStream().write(text.getBytes());
    int expected = ("GOT:" + text).getBytes().length;
    var reply = new ByteArrayOutputStream();
    var buffer = new byte[8192];
    try {
        while (reply.size() < expected) {
            int n = client.getInputStream().read(buffer);
            if (n < 0) return reply + " (dann hat der Server die Verbindung geschlossen)";
            reply.write(buffer, 0, n);
        }
    } catch (SocketTimeoutException e) {
        return reply.size() == 0 ? "nichts innerhalb von 2 s" : reply + " (dann nichts mehr innerhalb von 2 s)";
    }
    return reply.toString();
}

/** Gibt dem Thread des Servers einen Moment, seine Zeilen vor unseren auszugeben. */
void settle() throws InterruptedException {
    Thread.sleep(200);
}

// 1. Ein Client, zwei Nachrichten: Achten Sie auf das „Connection from“ des Servers, wenn der Client sich verbindet, eine
//    GOT:-Antwort pro Nachricht (kein Leerzeichen nach dem Doppelpunkt) und „Connection closed“, wenn der Client schließt.
//    Am Prompt: int port = serve(EchoServer::echoHandler); dann `nc 127.0.0.1 <port>` in einem Terminal.
void oneClient() throws Exception {
    System.out.println("\n[1] oneClient(): ein Client sagt zweimal hello und schließt");
    int port = serve(EchoServer::echoHandler);
    try (var client = connect(port)) {
        settle();
        System.out.println("Client sendet hello, erhält zurück " + ask(client, "hello"));
        System.out.println("Client sendet again, erhält zurück " + ask(client, "again"));
    }
    settle();
}
oneClient();

// 2. Drei Clients gleichzeitig verbunden, bedient auf einem Thread: Der an tcpServer übergebene Handler ist eine Funktion,
//    hier so umhüllt, dass sie den Thread ausgibt, auf dem sie läuft (immer den des Schedulers). Client 3 erhält seine Antwort,
//    während die Clients 1 und 2 verbunden sind und schweigen: Kein Client blockiert die anderen.
void manyClientsOneThread() throws Exception {
    System.out.println("\n[2] manyClientsOneThread(): drei Clients gleichzeitig, in beliebiger Reihenfolge beantwortet, alle auf dem Thread des Schedulers");
    int port = serve(client -> {
        System.out.println("Handler für " + client.socket().getRemoteSocketAddress() + " läuft auf Thread " + Thread.currentThread().getName());
        return EchoServer.echoHandler(client);
    });
    try (var one = connect(port); var two = connect(port); var three = connect(port)) {
        settle();
        System.out.println("Client 3 sendet three, erhält zurück " + ask(three, "three"));
        System.out.println("Client 1 sendet one, erhält zurück " + ask(one, "one"));
        System.out.println("Client 2 sendet two, erhält zurück " + ask(two, "two"));
    }
    settle();
}
manyClientsOneThread();

// 3. Ein Client, der seine Verbindung zurücksetzt (mit SO_LINGER 0 schließt: ein TCP-RST statt eines Abschieds), lässt
//    das Lesen seines Handlers scheitern: run() protokolliert „Task failed“ und lässt nur diesen Task fallen, und der Server bedient
//    weiter den nächsten Client.
void aClientResets() throws Exception {
    System.out.println("\n[3] aClientResets(): ein Client setzt seine Verbindung zurück; der nächste wird trotzdem bedient");
    int port = serve(EchoServer::echoHandler);
    var rude = connect(port);
    System.out.println("unhöflicher Client sendet hi, erhält zurück " + ask(rude, "hi"));
    rude.setSoLinger(true, 0);
    rude.close();
    settle();
    try (var polite = connect(port)) {
        System.out.println("nächster Client sendet still there?, erhält zurück " + ask(polite, "still there?"));
    }
    settle();
    System.out.println();
}
aClientResets();
