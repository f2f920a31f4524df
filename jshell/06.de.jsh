// Schritt 06 (Timer) in der jshell, gestartet von ./lab jshell 6 mit den Klassen des Schritts im Klassenpfad.
// Jedes der drei Dinge zum Ausprobieren ist eine Methode, hier einmal ausgeführt: Rufen Sie sie am Prompt erneut auf,
// oder ändern Sie sie mit /edit NAME. (Absichtlich wenige, große Snippets: Die jshell kompiliert jedes Snippet einzeln, und das ist langsam.)
// Der Netzwerkversuch startet seinen eigenen Server auf einem freien Port (Port 0) und spricht gleich hier mit einem Client zu ihm.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;
import java.time.Duration;

System.out.print("""
    === Schritt 06: Timer, in der jshell ===========================================
        Code: %s; lab.*, lab.gen.*, java.nio.*, java.nio.channels.* und Duration sind importiert
        Generatoren laufen auf %s. Drei Dinge zum Ausprobieren: Rufen Sie sie erneut beim Namen auf, /list NAME zeigt den Code.
    """.formatted(System.getProperty("lab.jshell.code", "aus dem Klassenpfad"), Generator.implementation()));

/** Ein Task, der ms Millisekunden schläft, dann ausgibt, wie lange er geschlafen hat, und seinen Namen an woke anhängt. */
Generator<Wait, Void> sleeper(int ms, List<String> woke) {
    return Generator.of("sleeper " + ms, y -> {
        long start = System.nanoTime();
        y.yield(Wait.sleep(Duration.ofMillis(ms)));
        System.out.printf("der schlafende Task mit %d ms ist nach %d ms aufgewacht%n", ms, (System.nanoTime() - start) / 1_000_000);
        woke.add(ms + " ms");
    });
}

// 1. Schlafende Tasks wachen in der Reihenfolge ihrer Fristen auf, nicht in der, in der sie sich schlafen legten: Gestartet als
//    300, 100, 200 ms, wachen sie als 100, 200, 300 auf, jeder ein oder zwei Millisekunden nach seiner Zeit, und run()
//    verbringt das Warten schlafend in select(timeout). Probieren Sie einen Schlaf von 0 oder zwei gleich lange schlafende Tasks.
void sleepersInOrder() {
    System.out.println("\n[1] sleepersInOrder(): drei Tasks schlafen 300, 100 und 200 ms");
    var woke = new ArrayList<String>();
    var scheduler = new Scheduler();
    for (int ms : new int[] {300, 100, 200}) scheduler.spawn(sleeper(ms, woke));
    long start = System.nanoTime();
    scheduler.run();
    System.out.println("aufgewacht in der Reihenfolge: " + String.join(", ", woke) + "; run() ist nach " + (System.nanoTime() - start) / 1_000_000 + " ms zurückgekehrt");
}
sleepersInOrder();

// 2. Ein recv mit Timeout, auf einer Pipe: Das erste läuft ins Timeout (niemand schreibt innerhalb von 300 ms) und wirft
//    SocketTimeoutException, wie es das Lesen eines blockierenden Sockets mit setSoTimeout tut; dann schläft ein zweiter Task
//    100 ms und schreibt, und das nächste recv des Lesers gibt die Daten lange vor seinem Timeout zurück.
void recvWithTimeout() throws IOException {
    System.out.println("\n[2] recvWithTimeout(): ein Leser wartet mit einem Timeout von 300 ms; ein Schreiber schreibt beim zweiten Mal nach 100 ms");
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
            System.out.println("recv ist ins Timeout gelaufen: " + e.getMessage());
        }
        int n = socket.recv(buffer, Duration.ofMillis(300));
        System.out.println("recv hat " + n + " Bytes zurückgegeben: " + new String(buffer.array(), 0, n));
    }));
    scheduler.spawn(Generator.<Wait, Void>of("writer", y -> {
        y.yield(Wait.sleep(Duration.ofMillis(400))); // nach dem ersten Timeout des Lesers
        y.yield(Wait.sleep(Duration.ofMillis(100)));
        pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    }));
    scheduler.run();
    pipe.sink().close();
    pipe.source().close();
}
recvWithTimeout();

// 3. Ein inaktiver Client wird geschlossen: ein Server, dessen Handler einen Client nach 500 ms Stille schließen. Der Client
//    sagt hello, erhält seine Antwort und sagt dann nichts mehr: Der Server protokolliert es und schließt die Verbindung. Probieren Sie einen
//    Client, der alle 200 ms etwas sagt (er bleibt), oder ändern Sie das Timeout mit /edit.
void idleClientClosed() throws Exception {
    System.out.println("\n[3] idleClientClosed(): ein Server mit einem Inaktivitäts-Timeout von 500 ms; ein Client sagt hello, dann nichts");
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, client -> EchoServer.echoHandler(client, Duration.ofMillis(500))));
    // das run() eines Servers kehrt nie zurück: auf einem eigenen Thread lässt es diesen Prompt frei; es endet mit /exit oder /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    try (var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.setSoTimeout(3000);
        client.getOutputStream().write("hello".getBytes());
        var reply = new byte[9];
        int n = client.getInputStream().readNBytes(reply, 0, 9);
        System.out.println("Client sendet hello, erhält zurück " + new String(reply, 0, n));
        long start = System.nanoTime();
        int end = client.getInputStream().read();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(100); // die Zeilen des Servers vor unseren
        System.out.println(end < 0 ? "der Server hat den stillen Client nach " + ms + " ms geschlossen" : "der Server hat mehr gesendet: " + end);
    }
    System.out.println();
}
idleClientClosed();
