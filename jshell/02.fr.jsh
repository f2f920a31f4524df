// Étape 02 (tâches en attente) dans jshell, lancée par ./lab jshell 2 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Étape 02 : tâches en attente, dans jshell ==================================
        code : %s ; lab.*, lab.gen.*, java.nio.* et java.nio.channels.* sont importés
        les générateurs tournent sur %s. Trois choses à essayer : rappelez-les par leur nom, /list NOM montre le code.
    """.formatted(System.getProperty("lab.jshell.code", "depuis le class path"), Generator.implementation()));

/** Un tube dont les deux bouts sont non bloquants, car une tâche ne peut attendre qu'un canal non bloquant. */
Pipe nonBlockingPipe() throws IOException {
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    return pipe;
}

// 1. Ce qu'une tâche cède est une demande, pas un résultat : reprise à la main, reader() rend Recv[...] (attendre que
//    le tube soit lisible) et n'affiche rien ; ce n'est qu'après une écriture que la reprise suivante lit.
void whatATaskYields() throws IOException {
    System.out.println("\n[1] whatATaskYields() : reader() cède Wait.recv(pipe), et ne lit que s'il est repris après une écriture");
    var pipe = nonBlockingPipe();
    var reader = Tasks.reader(pipe.source());
    System.out.println("reader cède " + reader.next());
    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    System.out.println("« hi » écrit dans le tube");
    System.out.println("reader cède " + reader.next());
    pipe.sink().close();
    try {
        reader.next();
    } catch (StopIteration done) {
        System.out.println("tube fermé : le reader est terminé, état " + reader.state());
    }
}
whatATaskYields();

// 2. Une tâche en attente n'est reprise que lorsque son canal est prêt, et l'ordonnanceur n'interroge le sélecteur que lorsqu'aucune
//    tâche n'est prête : countdown(4) va donc jusqu'au bout pendant que reader et writer attendent, puis les tâches du tube
//    prennent le relais ; « Got: » n'arrive qu'après l'écriture du writer ; run() rend la main dès que rien n'est prêt ni en attente
//    (comparez avec ./lab run 2).
void parkedWhileOthersRun() throws IOException {
    System.out.println("\n[2] parkedWhileOthersRun() : reader et writer attendent un tube pendant que countdown(4) tourne");
    var pipe = nonBlockingPipe();
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.reader(pipe.source()));
    scheduler.spawn(Tasks.countdown(4));
    scheduler.spawn(Tasks.writer(pipe.sink(), "hello", "bye"));
    scheduler.run();
    System.out.println("run() a rendu la main : rien de prêt, rien en attente");
}
parkedWhileOthersRun();

// 3. L'ordonnanceur comprend exactement trois demandes : rien (chacun son tour), Wait.recv et Wait.send.
//    Tout le reste est une erreur dans une tâche, et run() dit quelle valeur et quelle tâche.
void anUnknownRequest() {
    System.out.println("\n[3] anUnknownRequest() : une tâche cède « sleep 1s », que l'ordonnanceur refuse");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("sleeper", y -> y.yield("sleep 1s")));
    try {
        scheduler.run();
        System.out.println("run() a rendu la main sans se plaindre : la demande de la tâche a été ignorée en silence ?");
    } catch (RuntimeException refused) {
        System.out.println("run() a levé : " + refused.getMessage() + "\n");
    }
}
anUnknownRequest();
