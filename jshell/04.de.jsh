// Schritt 04 (Warten aufs Senden) in der jshell, gestartet von ./lab jshell 4 mit den Klassen des Schritts im Klassenpfad.
// Jedes der drei Dinge zum Ausprobieren ist eine Methode, hier einmal ausgeführt: Rufen Sie sie am Prompt erneut auf,
// oder ändern Sie sie mit /edit NAME. (Absichtlich wenige, große Snippets: Die jshell kompiliert jedes Snippet einzeln, und das ist langsam.)
// Jeder Versuch startet seinen eigenen Server auf einem freien Port (Port 0) und spricht gleich hier mit Clients zu ihm.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Schritt 04: Warten aufs Senden, in der jshell ==============================
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

/** Eine Nachricht von size Bytes, immer wieder 0123456789, damit ein verlorenes oder wiederholtes Stück auffällt. */
byte[] message(int size) {
    var bytes = new byte[size];
    for (int i = 0; i < size; i++) bytes[i] = (byte) ('0' + i % 10);
    return bytes;
}

/** Liest, bis der Server die Verbindung schließt oder 2 s ohne ein Byte vergehen; gibt zurück, was kam. */
byte[] readAll(Socket client) throws IOException {
    var got = new ByteArrayOutputStream();
    try {
        client.getInputStream().transferTo(got);
    } catch (SocketTimeoutException e) {
        // was bisher kam, ist die Antwort
    }
    return got.toByteArray();
}

/** Sagt, ob zurückkam, was gesendet wurde, jedes Stück nach einem GOT: (der Server beantwortet jedes Lesen für sich). */
String compare(byte[] sent, byte[] got) {
    var replies = new String(got);
    int count = replies.split("GOT:", -1).length - 1;
    var echoed = replies.replace("GOT:", "");
    return (echoed.equals(new String(sent)) ? "alle " + sent.length + " Bytes kamen zurück, in Reihenfolge,"
            : "nur " + echoed.length() + " von " + sent.length + " Bytes kamen zurück")
            + " in " + count + " GOT:-Antworten";
}

/** echoHandler auf einer Verbindung mit kleinem Sendepuffer, wie über ein langsames Netz: Eine Antwort von 64 KiB passt nicht mehr in ein Schreiben. */
Generator<?, ?> echoWithSmallSendBuffer(SocketChannel client) {
    try {
        client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
    } catch (IOException e) {
        throw new UncheckedIOException(e);
    }
    return EchoServer.echoHandler(client);
}

/** Ein Client mit kleinem Empfangspuffer, wie ihn ein langsamer Leser hat, der nach 2 s aufhört, auf eine Antwort zu warten. */
Socket connectSmall(int port) throws IOException {
    var socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024); // vor dem Verbinden, sonst hat TCP sich schon auf ein größeres Fenster geeinigt
    socket.setSendBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.setSoTimeout(2000);
    return socket;
}

/** Sendet die Nachricht von einem eigenen Thread, in Stücken von 64 KiB, und zählt, was es geschrieben hat; schließt am Ende seine Senderichtung. */
Thread sendInBackground(Socket client, byte[] message, java.util.concurrent.atomic.AtomicLong written) {
    return Thread.ofVirtual().start(() -> {
        try {
            for (int at = 0; at < message.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, message.length - at);
                client.getOutputStream().write(message, at, n);
                written.addAndGet(n);
            }
            client.shutdownOutput(); // fertig mit Senden: Der Server sieht das Ende des Streams und schließt
        } catch (IOException e) {
            System.out.println("der Client konnte nicht alles senden: " + e.getMessage());
        }
    });
}

// 1. Das Problem: Ein nicht blockierendes Schreiben nimmt nur, was passt. In eine Pipe (oder einen Socket), deren Leser
//    langsam ist, gibt write(1 MiB) zurück, wie viele Bytes es genommen hat (den Puffer der Pipe, oft 64 KiB), und das nächste
//    Schreiben nimmt 0. Eine einmal geschriebene Antwort, wie in Schritt 03, verliert den Rest.
void aPartialWrite() throws IOException {
    System.out.println("\n[1] aPartialWrite(): ein nicht blockierendes write(1 MiB) in eine Pipe, die niemand liest");
    var pipe = Pipe.open();
    pipe.sink().configureBlocking(false);
    var reply = ByteBuffer.wrap(message(1 << 20));
    System.out.println("write(1 MiB) hat " + pipe.sink().write(reply) + " Bytes genommen; " + reply.remaining() + " bleiben übrig");
    System.out.println("das nächste Schreiben hat " + pipe.sink().write(reply) + " Bytes genommen: die Pipe ist voll, bis ihr Leser liest");
    pipe.sink().close();
    pipe.source().close();
}
aPartialWrite();

// 2. Die Lösung: echoHandler schreibt, bis die Antwort draußen ist, und gibt Wait.send ab, wann immer der Socket voll ist.
//    Kleine Socket-Puffer auf beiden Seiten (wie über ein langsames Netz) machen jede Antwort von 64 KiB zu groß für ein
//    Schreiben; trotzdem kommt die Nachricht von 1 MiB vollständig und in Reihenfolge zurück (mit einem GOT: pro Stück, das der Server las).
//    Mit dem echoHandler aus Schritt 03, der einmal pro Antwort schreibt, geht das meiste davon verloren.
void aBigEcho() throws Exception {
    System.out.println("\n[2] aBigEcho(): ein Client sendet 1 MiB durch kleine Socket-Puffer und liest die Antworten");
    int port = serve(client -> echoWithSmallSendBuffer(client));
    var sent = message(1 << 20);
    try (var client = connectSmall(port)) {
        sendInBackground(client, sent, new java.util.concurrent.atomic.AtomicLong());
        System.out.println(compare(sent, readAll(client)));
    }
    settle();
}
aBigEcho();

// 3. Gegendruck (Back-Pressure): Ein Client, der 8 MiB sendet, aber nichts liest, bleibt nach einer Weile stecken, da der
//    Server nichts mehr liest, bis seine Antwort draußen ist; TCP selbst bremst den Client, und der Speicher des Servers
//    bleibt bei einem Puffer pro Client. Währenddessen erhält ein anderer Client seine Antwort sofort. Wenn der
//    gierige Client zu lesen beginnt, kommt alles zurück, und sein Schreiben endet.
void aClientThatDoesNotRead() throws Exception {
    System.out.println("\n[3] aClientThatDoesNotRead(): ein gieriger Client sendet 8 MiB, ohne zu lesen; ein anderer sagt ping");
    int port = serve(client -> echoWithSmallSendBuffer(client));
    var sent = message(8 << 20);
    var written = new java.util.concurrent.atomic.AtomicLong();
    try (var greedy = connectSmall(port)) {
        var writer = sendInBackground(greedy, sent, written);
        Thread.sleep(500);
        System.out.println(written.get() < sent.length
                ? "der gierige Client wird gebremst: er konnte " + written.get() / 1024 + " KiB von " + sent.length / 1024 + " KiB schreiben"
                : "der gierige Client hat alle " + sent.length / 1024 + " KiB geschrieben, ohne zu lesen: der Server hat nie aufgehört zu lesen?");
        try (var polite = connect(port)) {
            long start = System.nanoTime();
            var reply = ask(polite, "ping");
            System.out.println("währenddessen sendet ein Client ping, erhält zurück " + reply + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        System.out.println("der gierige Client liest jetzt: " + compare(sent, readAll(greedy)));
        writer.join(2000);
        System.out.println(writer.isAlive() ? "das Schreiben des gierigen Clients steckt noch fest" : "das Schreiben des gierigen Clients ist fertig");
    }
    settle();
    System.out.println();
}
aClientThatDoesNotRead();
