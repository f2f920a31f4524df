// Étape 04 (attendre pour envoyer) dans jshell, lancée par ./lab jshell 4 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
// Chaque essai lance son propre serveur sur un port libre (port 0), et lui parle ici même avec des clients.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Étape 04 : attendre pour envoyer, dans jshell ==============================
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

/** Un message de size octets, 0123456789 encore et encore, pour qu'un morceau perdu ou répété se voie. */
byte[] message(int size) {
    var bytes = new byte[size];
    for (int i = 0; i < size; i++) bytes[i] = (byte) ('0' + i % 10);
    return bytes;
}

/** Lit jusqu'à ce que le serveur ferme la connexion ou que 2 s passent sans un octet ; renvoie ce qui est arrivé. */
byte[] readAll(Socket client) throws IOException {
    var got = new ByteArrayOutputStream();
    try {
        client.getInputStream().transferTo(got);
    } catch (SocketTimeoutException e) {
        // ce qui est arrivé jusqu'ici est la réponse
    }
    return got.toByteArray();
}

/** Dit si ce qui est revenu est ce qui a été envoyé, chaque morceau après un GOT: (le serveur répond à chaque lecture séparément). */
String compare(byte[] sent, byte[] got) {
    var replies = new String(got);
    int count = replies.split("GOT:", -1).length - 1;
    var echoed = replies.replace("GOT:", "");
    return (echoed.equals(new String(sent)) ? "les " + sent.length + " octets sont tous revenus, dans l'ordre,"
            : "seuls " + echoed.length() + " octets sur " + sent.length + " sont revenus")
            + " en " + count + " réponses GOT:";
}

/** echoHandler sur une connexion au petit tampon d'envoi, comme sur un réseau lent : une réponse de 64 Kio ne tient plus en une écriture. */
Generator<?, ?> echoWithSmallSendBuffer(SocketChannel client) {
    try {
        client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
    } catch (IOException e) {
        throw new UncheckedIOException(e);
    }
    return EchoServer.echoHandler(client);
}

/** Un client au petit tampon de réception, comme en a un lecteur lent, qui cesse d'attendre une réponse après 2 s. */
Socket connectSmall(int port) throws IOException {
    var socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024); // avant de se connecter, sinon TCP s'est déjà entendu sur une fenêtre plus grande
    socket.setSendBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.setSoTimeout(2000);
    return socket;
}

/** Envoie le message depuis un thread à lui, en morceaux de 64 Kio, en comptant ce qu'il a écrit ; ferme son côté envoi à la fin. */
Thread sendInBackground(Socket client, byte[] message, java.util.concurrent.atomic.AtomicLong written) {
    return Thread.ofVirtual().start(() -> {
        try {
            for (int at = 0; at < message.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, message.length - at);
                client.getOutputStream().write(message, at, n);
                written.addAndGet(n);
            }
            client.shutdownOutput(); // envoi terminé : le serveur voit la fin du flux et ferme
        } catch (IOException e) {
            System.out.println("le client n'a pas pu tout envoyer : " + e.getMessage());
        }
    });
}

// 1. Le problème : une écriture non bloquante ne prend que ce qui tient. Dans un tube (ou une socket) dont le lecteur est
//    lent, write(1 MiB) renvoie le nombre d'octets pris (le tampon du tube, souvent 64 Kio), et l'écriture suivante
//    en prend 0. Une réponse écrite une seule fois, comme à l'étape 03, perd le reste.
void aPartialWrite() throws IOException {
    System.out.println("\n[1] aPartialWrite() : un write(1 MiB) non bloquant dans un tube que personne ne lit");
    var pipe = Pipe.open();
    pipe.sink().configureBlocking(false);
    var reply = ByteBuffer.wrap(message(1 << 20));
    System.out.println("write(1 MiB) a pris " + pipe.sink().write(reply) + " octets ; " + reply.remaining() + " restent");
    System.out.println("octets pris par l'écriture suivante : " + pipe.sink().write(reply) + " ; le tube est plein tant que son lecteur ne lit pas");
    pipe.sink().close();
    pipe.source().close();
}
aPartialWrite();

// 2. La solution : echoHandler écrit jusqu'à ce que la réponse soit partie, en cédant Wait.send chaque fois que la socket est pleine.
//    De petits tampons de socket des deux côtés (comme sur un réseau lent) rendent chaque réponse de 64 Kio trop grosse pour une
//    écriture ; le message de 1 Mio revient pourtant entier et dans l'ordre (avec un GOT: par morceau lu par le serveur).
//    Avec le echoHandler de l'étape 03, qui écrit une fois par réponse, l'essentiel se perd.
void aBigEcho() throws Exception {
    System.out.println("\n[2] aBigEcho() : un client envoie 1 Mio à travers de petits tampons de socket et lit les réponses");
    int port = serve(client -> echoWithSmallSendBuffer(client));
    var sent = message(1 << 20);
    try (var client = connectSmall(port)) {
        sendInBackground(client, sent, new java.util.concurrent.atomic.AtomicLong());
        System.out.println(compare(sent, readAll(client)));
    }
    settle();
}
aBigEcho();

// 3. La contre-pression : un client qui envoie 8 Mio mais ne lit rien se retrouve bloqué au bout d'un moment, car le
//    serveur ne lit plus rien tant que sa réponse n'est pas partie ; TCP lui-même retient le client, et la mémoire du serveur
//    reste d'un tampon par client. Pendant ce temps, un autre client reçoit sa réponse aussitôt. Quand le
//    client glouton se met à lire, tout revient et son écriture se termine.
void aClientThatDoesNotRead() throws Exception {
    System.out.println("\n[3] aClientThatDoesNotRead() : un client glouton envoie 8 Mio sans lire ; un autre dit ping");
    int port = serve(client -> echoWithSmallSendBuffer(client));
    var sent = message(8 << 20);
    var written = new java.util.concurrent.atomic.AtomicLong();
    try (var greedy = connectSmall(port)) {
        var writer = sendInBackground(greedy, sent, written);
        Thread.sleep(500);
        System.out.println(written.get() < sent.length
                ? "le client glouton est retenu : il a pu écrire " + written.get() / 1024 + " Kio sur " + sent.length / 1024 + " Kio"
                : "le client glouton a écrit ses " + sent.length / 1024 + " Kio sans lire : le serveur n'a jamais cessé de lire ?");
        try (var polite = connect(port)) {
            long start = System.nanoTime();
            var reply = ask(polite, "ping");
            System.out.println("pendant ce temps, un client envoie ping, reçoit en retour " + reply + " en " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        System.out.println("le client glouton lit maintenant : " + compare(sent, readAll(greedy)));
        writer.join(2000);
        System.out.println(writer.isAlive() ? "l'écriture du client glouton est toujours bloquée" : "l'écriture du client glouton est terminée");
    }
    settle();
    System.out.println();
}
aClientThatDoesNotRead();
