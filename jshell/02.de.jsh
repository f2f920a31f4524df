// Schritt 02 (wartende Tasks) in der jshell, gestartet von ./lab jshell 2 mit den Klassen des Schritts im Klassenpfad.
// Jedes der drei Dinge zum Ausprobieren ist eine Methode, hier einmal ausgeführt: Rufen Sie sie am Prompt erneut auf,
// oder ändern Sie sie mit /edit NAME. (Absichtlich wenige, große Snippets: Die jshell kompiliert jedes Snippet einzeln, und das ist langsam.)
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Schritt 02: wartende Tasks, in der jshell ==================================
        Code: %s; lab.*, lab.gen.*, java.nio.* und java.nio.channels.* sind importiert
        Generatoren laufen auf %s. Drei Dinge zum Ausprobieren: Rufen Sie sie erneut beim Namen auf, /list NAME zeigt den Code.
    """.formatted(System.getProperty("lab.jshell.code", "aus dem Klassenpfad"), Generator.implementation()));

/** Eine Pipe, deren beide Enden nicht blockieren, da ein Task nur auf einen nicht blockierenden Kanal warten darf. */
Pipe nonBlockingPipe() throws IOException {
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    return pipe;
}

// 1. Was ein Task abgibt, ist eine Anfrage, kein Ergebnis: Von Hand fortgesetzt, gibt reader() Recv[...] zurück (warte, bis
//    die Pipe lesbar ist) und gibt nichts aus; erst nachdem etwas geschrieben wurde, liest es das nächste Fortsetzen.
void whatATaskYields() throws IOException {
    System.out.println("\n[1] whatATaskYields(): reader() gibt Wait.recv(pipe) ab und liest erst, wenn es nach einem Schreiben fortgesetzt wird");
    var pipe = nonBlockingPipe();
    var reader = Tasks.reader(pipe.source());
    System.out.println("reader gibt ab: " + reader.next());
    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    System.out.println("\"hi\" in die Pipe geschrieben");
    System.out.println("reader gibt ab: " + reader.next());
    pipe.sink().close();
    try {
        reader.next();
    } catch (StopIteration done) {
        System.out.println("Pipe geschlossen: der reader ist beendet, Zustand " + reader.state());
    }
}
whatATaskYields();

// 2. Ein geparkter Task wird erst fortgesetzt, wenn sein Kanal bereit ist, und der Scheduler fragt den Selector nur, wenn
//    kein Task bereit ist: Also läuft countdown(4) bis zum Ende, während reader und writer warten, dann übernehmen
//    die Pipe-Tasks; „Got:“ kommt erst, nachdem der writer geschrieben hat; run() kehrt zurück, sobald nichts mehr bereit ist oder wartet
//    (vergleichen Sie mit ./lab run 2).
void parkedWhileOthersRun() throws IOException {
    System.out.println("\n[2] parkedWhileOthersRun(): reader und writer warten auf eine Pipe, während countdown(4) läuft");
    var pipe = nonBlockingPipe();
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.reader(pipe.source()));
    scheduler.spawn(Tasks.countdown(4));
    scheduler.spawn(Tasks.writer(pipe.sink(), "hello", "bye"));
    scheduler.run();
    System.out.println("run() ist zurückgekehrt: nichts bereit, nichts wartet");
}
parkedWhileOthersRun();

// 3. Der Scheduler versteht genau drei Anfragen: nichts (abwechseln), Wait.recv und Wait.send.
//    Alles andere ist ein Fehler in einem Task, und run() sagt, welcher Wert und welcher Task.
void anUnknownRequest() {
    System.out.println("\n[3] anUnknownRequest(): ein Task gibt \"sleep 1s\" ab, was der Scheduler ablehnt");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("sleeper", y -> y.yield("sleep 1s")));
    try {
        scheduler.run();
        System.out.println("run() ist ohne Beschwerde zurückgekehrt: die Anfrage des Tasks wurde stillschweigend ignoriert?");
    } catch (RuntimeException refused) {
        System.out.println("run() hat geworfen: " + refused.getMessage() + "\n");
    }
}
anUnknownRequest();
