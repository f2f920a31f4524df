// Schritt 01 (Task-Queue) in der jshell, gestartet von ./lab jshell 1 mit den Klassen des Schritts im Klassenpfad.
// Jedes der drei Dinge zum Ausprobieren ist eine Methode, hier einmal ausgeführt: Rufen Sie sie am Prompt erneut auf,
// oder ändern Sie sie mit /edit NAME. (Absichtlich wenige, große Snippets: Die jshell kompiliert jedes Snippet einzeln, und das ist langsam.)
import lab.*;
import lab.gen.*;

System.out.print("""
    === Schritt 01: die Task-Queue, in der jshell ==================================
        Code: %s; lab.* und lab.gen.* sind importiert
        Generatoren laufen auf %s. Drei Dinge zum Ausprobieren: Rufen Sie sie erneut beim Namen auf, /list NAME zeigt den Code.
    """.formatted(System.getProperty("lab.jshell.code", "aus dem Klassenpfad"), Generator.implementation()));

// 1. Ein Generator läuft nur, solange ihn jemand fortsetzt: Beim Erzeugen von countdown(3) wird nichts ausgegeben; jedes next()
//    führt den Rumpf bis zu seinem nächsten yield aus (eine Zeile); das next() nach der letzten Zeile wirft StopIteration.
void stepByStep() {
    System.out.println("\n[1] stepByStep(): ein next() = eine Zeile von countdown(3), dann StopIteration");
    var task = Tasks.countdown(3);
    System.out.println("erzeugt, Zustand " + task.state() + ": der Rumpf ist noch nicht gelaufen");
    for (int i = 1; i <= 4; i++) {
        System.out.print("next() #" + i + " -> ");
        try {
            task.next();
        } catch (StopIteration done) {
            System.out.println("StopIteration: der Rumpf ist zurückgekehrt, Zustand " + task.state());
        }
    }
}
stepByStep();

// 2. Das run() des Schedulers wechselt ab: eine Zeile von jedem Task pro Runde, in der Reihenfolge von spawn; ein Task, der
//    fertig ist, gibt „Task done“ aus und scheidet aus, die anderen laufen weiter (vergleichen Sie mit ./lab run 1).
void takeTurns() {
    System.out.println("\n[2] takeTurns(): countdown(3) und countup(2) wechseln sich ab, jeder endet mit Task done");
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.countdown(3));
    scheduler.spawn(Tasks.countup(2));
    scheduler.run();
}
takeTurns();

// 3. Jedes Lambda, das mit yield abgibt, ist ein Task, und jeder Task läuft auf dem Thread, der run() aufgerufen hat: Sehen Sie sich
//    die Namen der Threads an, alle gleich. Ändern Sie das Lambda (/edit yourOwnTask) und führen Sie es erneut aus.
void yourOwnTask() {
    System.out.println("\n[3] yourOwnTask(): Ihr eigener Generator neben countdown(2), alle auf einem Thread");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("ping", y -> {
        for (int i = 1; i <= 2; i++) {
            System.out.println("ping " + i + " auf Thread " + Thread.currentThread().getName());
            y.yield();
        }
    }));
    scheduler.spawn(Tasks.countdown(2));
    scheduler.run();
    System.out.println("run() ist zurückgekehrt, auf Thread " + Thread.currentThread().getName() + "\n");
}
yourOwnTask();
