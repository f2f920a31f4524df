// Étape 05 (sockets à générateurs) dans jshell, lancée par ./lab jshell 5 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
// Chaque essai réseau lance son propre serveur sur un port libre (port 0), et lui parle ici même avec des clients.
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Étape 05 : sockets à générateurs, dans jshell ==============================
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

// 1. Où est passé le yield : cette tâche appelle socket.recv(buffer) et n'a pas de yield à elle, et pourtant,
//    reprise à la main, elle rend Recv[...] : recv a cédé la main pour le compte de la tâche (le « yield from » de Python), et la
//    tâche reste en attente dans recv jusqu'à être reprise après l'arrivée de données ; alors recv renvoie ce qu'il a lu.
void whereTheYieldWent() throws IOException {
    System.out.println("\n[1] whereTheYieldWent() : une tâche qui appelle recv sur un GenSocket au-dessus d'un tube, reprise à la main");
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    Generator<Wait, Void> task = Generator.of("pipeReader", y -> {
        var socket = new GenSocket(y, pipe.source());
        var buffer = ByteBuffer.allocate(100);
        int n = socket.recv(buffer);
        System.out.println("recv a renvoyé " + n + " octets : " + new String(buffer.array(), 0, n));
    });
    System.out.println("la tâche cède " + task.next() + ", depuis l'intérieur de recv");
    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    System.out.println("« hi » écrit dans le tube, reprise de la tâche :");
    try {
        task.next();
    } catch (StopIteration done) {
        System.out.println("la tâche est terminée, état " + task.state());
    }
    pipe.sink().close();
    pipe.source().close();
}
whereTheYieldWent();

// 2. Un gestionnaire à vous se lit comme du code bloquant : recv, puis send, pas de yield ni de Wait en vue, et
//    pourtant beaucoup d'entre eux partagent le thread de l'ordonnanceur. Celui-ci répond en criant : GOT: + le texte en majuscules.
//    Modifiez-le (/edit shout) et rappelez yourOwnHandler().
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
    System.out.println("\n[2] yourOwnHandler() : tcpServer avec le gestionnaire shout, écrit avec GenSocket");
    int port = serve(client -> shout(client));
    try (var one = connect(port); var two = connect(port)) {
        System.out.println("le client 1 envoie hello, reçoit en retour " + ask(one, "hello"));
        System.out.println("le client 2 envoie generators, reçoit en retour " + ask(two, "generators"));
    }
    settle();
}
yourOwnHandler();

// 3. La preuve de l'étape 04, désormais à travers l'enveloppe (echoHandler envoie avec socket.send, qui attend à l'intérieur) :
//    un client glouton qui envoie 8 Mio sans rien lire est retenu par TCP, un autre client reçoit quand même
//    sa réponse aussitôt, et quand le glouton lit, tout revient entier et dans l'ordre.
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
