// Étape 03 (serveur d'écho) dans jshell, lancée par ./lab jshell 3 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
// Chaque essai lance son propre serveur sur un port libre (port 0), et lui parle ici même avec des clients.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Étape 03 : le serveur d'écho, dans jshell ==================================
        code : %s ; lab.*, lab.gen.*, java.nio.* et java.nio.channels.* sont importés
        les générateurs tournent sur %s. Trois choses à essayer : rappelez-les par leur nom, /list NOM montre le code.
    """.formatted(System.getProperty("lab.jshell.code", "depuis le class path"), Generator.implementation()));

/** Lance tcpServer avec ce gestionnaire sur un port libre de 127.0.0.1, son ordonnanceur sur un thread à lui ; renvoie le port. */
int serve(Function<SocketChannel, Generator<?, ?>> handler) throws IOException {
    var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var scheduler = new Scheduler();
    scheduler.spawn(EchoServer.tcpServer(scheduler, server, handler));
    // le run() d'un serveur ne rend jamais la main : sur un thread à lui, il laisse cette invite libre ; il s'arrête avec /exit ou /reset
    Thread.ofPlatform().daemon().name("scheduler-" + port).start(scheduler::run);
    return port;
}

/** Un client (une simple socket bloquante, comme peut l'être n'importe quel client du serveur) qui cesse d'attendre une réponse après 2 s. */
Socket connect(int port) throws IOException {
    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(2000);
    return socket;
}

/** Envoie du texte depuis un client et renvoie la réponse du serveur, tout ce qui en est arrivé en 2 s. */
String ask(Socket client, String text) throws IOException {
    client.getOutputStream().write(text.getBytes());
    int expected = ("GOT:" + text).getBytes().length;
    var reply = new ByteArrayOutputStream();
    var buffer = new byte[8192];
    try {
        while (reply.size() < expected) {
            int n = client.getInputStream().read(buffer);
            if (n < 0) return reply + " (puis le serveur a fermé la connexion)";
            reply.write(buffer, 0, n);
        }
    } catch (SocketTimeoutException e) {
        return reply.size() == 0 ? "rien en 2 s" : reply + " (puis plus rien en 2 s)";
    }
    return reply.toString();
}

/** Laisse au thread du serveur un instant pour afficher ses lignes avant les nôtres. */
void settle() throws InterruptedException {
    Thread.sleep(200);
}

// 1. Un client, deux messages : repérez le « Connection from » du serveur quand le client se connecte, une
//    réponse GOT: par message (sans espace après les deux-points), et « Connection closed » quand le client ferme.
//    À l'invite : int port = serve(EchoServer::echoHandler); puis `nc 127.0.0.1 <port>` dans un terminal.
void oneClient() throws Exception {
    System.out.println("\n[1] oneClient() : un client dit hello deux fois, puis ferme");
    int port = serve(EchoServer::echoHandler);
    try (var client = connect(port)) {
        settle();
        System.out.println("le client envoie hello, reçoit en retour " + ask(client, "hello"));
        System.out.println("le client envoie again, reçoit en retour " + ask(client, "again"));
    }
    settle();
}
oneClient();

// 2. Trois clients connectés à la fois, servis sur un seul thread : le gestionnaire donné à tcpServer est une fonction,
//    ici enveloppée pour afficher le thread sur lequel elle tourne (toujours celui de l'ordonnanceur). Le client 3 reçoit sa réponse
//    pendant que les clients 1 et 2 sont connectés et muets : aucun client ne bloque les autres.
void manyClientsOneThread() throws Exception {
    System.out.println("\n[2] manyClientsOneThread() : trois clients à la fois, servis dans n'importe quel ordre, tous sur le thread de l'ordonnanceur");
    int port = serve(client -> {
        System.out.println("le gestionnaire de " + client.socket().getRemoteSocketAddress() + " tourne sur le thread " + Thread.currentThread().getName());
        return EchoServer.echoHandler(client);
    });
    try (var one = connect(port); var two = connect(port); var three = connect(port)) {
        settle();
        System.out.println("le client 3 envoie three, reçoit en retour " + ask(three, "three"));
        System.out.println("le client 1 envoie one, reçoit en retour " + ask(one, "one"));
        System.out.println("le client 2 envoie two, reçoit en retour " + ask(two, "two"));
    }
    settle();
}
manyClientsOneThread();

// 3. Un client qui réinitialise sa connexion (ferme avec SO_LINGER 0 : un RST TCP au lieu d'un au revoir) fait échouer
//    la lecture de son gestionnaire : run() journalise « Task failed » et n'abandonne que cette tâche, et le serveur continue
//    de servir le client suivant.
void aClientResets() throws Exception {
    System.out.println("\n[3] aClientResets() : un client réinitialise sa connexion ; le suivant est quand même servi");
    int port = serve(EchoServer::echoHandler);
    var rude = connect(port);
    System.out.println("le client impoli envoie hi, reçoit en retour " + ask(rude, "hi"));
    rude.setSoLinger(true, 0);
    rude.close();
    settle();
    try (var polite = connect(port)) {
        System.out.println("le client suivant envoie still there?, reçoit en retour " + ask(polite, "still there?"));
    }
    settle();
    System.out.println();
}
aClientResets();
