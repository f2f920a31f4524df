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
import lab.verify.Words;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 01's verifier: the generators and the round-robin scheduler, each scenario in a child JVM. */
@ExtendWith(LearnerCode.class)
class Step01Verifier {

    private static final Words WORDS = Words.of(Step01Verifier.class);

    @Nested class Generators extends Step01Checks.Generators {}

    @Nested
    class RunLoop extends Step01Checks.RunLoop {

        @Test
        void runsMain(Sandbox sandbox) {
            String called = WORDS.say("RunLoop.runsMain.called");
            var got = run(sandbox, called, RUN, Step01Checks.loops(), "main");
            Traces.requireEqual(WORDS.say("RunLoop.runsMain.headline"), called,
                    roundRobin(List.of(countdownLines(10), countdownLines(5), countupLines(20))), got.output(),
                    WORDS.say("RunLoop.runsMain.likely"),
                    RUN);
        }
    }
}
