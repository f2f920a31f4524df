package lab.verify.step02;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 02's verifier: tasks that wait for channels, woken by a selector; and step 01's checks, still holding. */
@DisplayName("Step 02 · waiting tasks")
@ExtendWith(LearnerCode.class)
class Step02Verifier {

    @Nested
    @DisplayName("waiting for a channel")
    class Waiting extends Step02Checks.Waiting {}

    @Nested
    @DisplayName("what a task may yield")
    class Reasons extends Step02Checks.Reasons {}

    @Nested
    @DisplayName("the reader and writer tasks")
    class Pipes extends Step02Checks.Pipes {}

    @Nested
    @DisplayName("still true from step 01: countdown and countup")
    class Step01Generators extends Step01Checks.Generators {}

    @Nested
    @DisplayName("still true from step 01: the run loop")
    class Step01RunLoop extends Step01Checks.RunLoop {}
}
