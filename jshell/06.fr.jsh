// Étape 06 (minuteurs) dans jshell, lancée par ./lab jshell 6 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
// L'essai réseau lance son propre serveur sur un port libre (port 0), et lui parle ici même avec un client.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;
import java.time.Duration;

System.out.print("""
    === Étape 06 : minuteurs, dans jshell ==========================================
        code : %s ; lab.*, lab.gen.*, java.nio.*, java.nio.channels.* et Duration sont importés
        les générateurs tournent sur %s. Trois choses à essayer : rappelez-les par leur nom, /list NOM montre le code.
    """.formatted(System.getProperty("lab.jshell.code", "depuis le class path"), Generator.implementation()));

/** Une tâche qui dort ms millisecondes, puis affiche combien de temps elle a dormi et ajoute son nom à woke. */
Generator<Wait, Void> sleeper(int ms, List<String> woke) {
    return Generator.of("sleeper " + ms, y -> {
        long start = System.nanoTime();
        y.yield(Wait.sleep(Duration.ofMillis(ms)));
        System.out.printf("la tâche endormie de %d ms s'est réveillée après %d ms%n", ms, (System.nanoTime() - start) / 1_000_000);
        woke.add(ms + " ms");
    });
}

// 1. Les tâches endormies se réveillent dans l'ordre de leurs échéances, pas dans celui où elles se sont endormies : lancées comme
//    300, 100, 200 ms, elles se réveillent comme 100, 200, 300, chacune une ou deux millisecondes après son heure, et run()
//    passe les attentes endormi dans select(timeout). Essayez un sommeil de 0, ou deux tâches endormies de même durée.
void sleepersInOrder() {
    System.out.println("\n[1] sleepersInOrder() : trois tâches dorment 300, 100 et 200 ms");
    var woke = new ArrayList<String>();
    var scheduler = new Scheduler();
    for (int ms : new int[] {300, 100, 200}) scheduler.spawn(sleeper(ms, woke));
    long start = System.nanoTime();
    scheduler.run();
    System.out.println("réveillées dans l'ordre : " + String.join(", ", woke) + " ; run() a rendu la main après " + (System.nanoTime() - start) / 1_000_000 + " ms");
}
sleepersInOrder();

// 2. Un recv avec délai d'attente, sur un tube : le premier expire (personne n'écrit dans les 300 ms) et lève
//    SocketTimeoutException, comme le fait la lecture d'une socket bloquante avec setSoTimeout ; puis une deuxième tâche dort
//    100 ms et écrit, et le recv suivant du lecteur renvoie les données bien avant son délai d'attente.
void recvWithTimeout() throws IOException {
    System.out.println("\n[2] recvWithTimeout() : un lecteur attend avec un délai de 300 ms ; un écrivain écrit après 100 ms, la deuxième fois");
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
            System.out.println("recv a expiré : " + e.getMessage());
        }
        int n = socket.recv(buffer, Duration.ofMillis(300));
        System.out.println("recv a renvoyé " + n + " octets : " + new String(buffer.array(), 0, n));
    }));
    scheduler.spawn(Generator.<Wait, Void>of("writer", y -> {
        y.yield(Wait.sleep(Duration.ofMillis(400))); // après le premier délai d'attente du lecteur
        y.yield(Wait.sleep(Duration.ofMillis(100)));
        pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    }));
    scheduler.run();
    pipe.sink().close();
    pipe.source().close();
}
recvWithTimeout();

// 3. Un client inactif fermé : un serveur dont les gestionnaires ferment un client après 500 ms de silence. Le client
//    dit hello, reçoit sa réponse, puis ne dit plus rien : le serveur le journalise et ferme la connexion. Essayez un
//    client qui dit quelque chose toutes les 200 ms (il reste), ou modifiez le délai avec /edit.
void idleClientClosed() throws Exception {
    System.out.println("\n[3] idleClientClosed() : un serveur avec un délai d'inactivité de 500 ms ; un client dit hello, puis plus rien");
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, client -> EchoServer.echoHandler(client, Duration.ofMillis(500))));
    // le run() d'un serveur ne rend jamais la main : sur un thread à lui, il laisse cette invite libre ; il s'arrête avec /exit ou /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    try (var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.setSoTimeout(3000);
        client.getOutputStream().write("hello".getBytes());
        var reply = new byte[9];
        int n = client.getInputStream().readNBytes(reply, 0, 9);
        System.out.println("le client envoie hello, reçoit en retour " + new String(reply, 0, n));
        long start = System.nanoTime();
        int end = client.getInputStream().read();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(100); // les lignes du serveur avant les nôtres
        System.out.println(end < 0 ? "le serveur a fermé le client silencieux après " + ms + " ms" : "le serveur a envoyé autre chose : " + end);
    }
    System.out.println();
}
idleClientClosed();
