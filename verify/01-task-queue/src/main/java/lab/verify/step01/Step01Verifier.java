package lab.verify.step01;

import static lab.verify.step01.Step01Checks.RUN;
import static lab.verify.step01.Step01Checks.countdownLines;
import static lab.verify.step01.Step01Checks.countupLines;
import static lab.verify.step01.Step01Checks.roundRobin;
import static lab.verify.step01.Step01Checks.run;

import java.util.List;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import lab.verify.Traces;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 01's verifier: the generators and the round-robin scheduler, each scenario in a child JVM. */
@DisplayName("Step 01 · the task queue")
@ExtendWith(LearnerCode.class)
class Step01Verifier {

    @Nested class Generators extends Step01Checks.Generators {}

    @Nested
    class RunLoop extends Step01Checks.RunLoop {

        @Test
        @DisplayName("runs Main's countdown(10), countdown(5) and countup(20) in exact round-robin order")
        void runsMain(Sandbox sandbox) {
            var got = run(sandbox, "Main.main()", RUN, Step01Checks.LOOPS, "main");
            Traces.requireEqual("Main's output is not the round-robin interleaving.", "Main.main()",
                    roundRobin(List.of(countdownLines(10), countdownLines(5), countupLines(20))), got.output(),
                    "each turn resumes every task once, in queue order; a finished task prints \"Task done\" and leaves the queue",
                    RUN);
        }
    }
}
