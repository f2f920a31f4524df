// Étape 01 (file de tâches) dans jshell, lancée par ./lab jshell 1 avec les classes de l'étape dans le class path.
// Chacune des trois choses à essayer est une méthode, exécutée une fois ici : rappelez-la à l'invite, ou modifiez-la
// avec /edit NOM. (Peu de gros snippets, exprès : jshell compile chaque snippet à part, ce qui est lent.)
import lab.*;
import lab.gen.*;

System.out.print("""
    === Étape 01 : la file de tâches, dans jshell ==================================
        code : %s ; lab.* et lab.gen.* sont importés
        les générateurs tournent sur %s. Trois choses à essayer : rappelez-les par leur nom, /list NOM montre le code.
    """.formatted(System.getProperty("lab.jshell.code", "depuis le class path"), Generator.implementation()));

// 1. Un générateur ne s'exécute que tant que quelqu'un le reprend : rien ne s'affiche quand countdown(3) est créé ; chaque next()
//    exécute le corps jusqu'à son prochain yield (une ligne) ; le next() après la dernière ligne lève StopIteration.
void stepByStep() {
    System.out.println("\n[1] stepByStep() : un next() = une ligne de countdown(3), puis StopIteration");
    var task = Tasks.countdown(3);
    System.out.println("créé, état " + task.state() + " : le corps ne s'est pas encore exécuté");
    for (int i = 1; i <= 4; i++) {
        System.out.print("next() #" + i + " -> ");
        try {
            task.next();
        } catch (StopIteration done) {
            System.out.println("StopIteration : le corps a rendu la main, état " + task.state());
        }
    }
}
stepByStep();

// 2. Le run() de l'ordonnanceur fait tourner les tâches : une ligne de chaque tâche par tour, dans l'ordre des spawn ; une tâche qui
//    se termine affiche « Task done » et sort du jeu, les autres continuent (comparez avec ./lab run 1).
void takeTurns() {
    System.out.println("\n[2] takeTurns() : countdown(3) et countup(2) alternent, chacune finit par Task done");
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.countdown(3));
    scheduler.spawn(Tasks.countup(2));
    scheduler.run();
}
takeTurns();

// 3. Toute lambda qui cède avec yield est une tâche, et chaque tâche s'exécute sur le thread qui a appelé run() : regardez les
//    noms des threads, tous identiques. Modifiez la lambda (/edit yourOwnTask) et relancez-la.
void yourOwnTask() {
    System.out.println("\n[3] yourOwnTask() : votre propre générateur à côté de countdown(2), tous sur un seul thread");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("ping", y -> {
        for (int i = 1; i <= 2; i++) {
            System.out.println("ping " + i + " sur le thread " + Thread.currentThread().getName());
            y.yield();
        }
    }));
    scheduler.spawn(Tasks.countdown(2));
    scheduler.run();
    System.out.println("run() a rendu la main sur le thread " + Thread.currentThread().getName() + "\n");
}
yourOwnTask();
