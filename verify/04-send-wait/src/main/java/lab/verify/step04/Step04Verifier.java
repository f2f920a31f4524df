package lab.verify.step04;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import lab.verify.step02.Step02Checks;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 04's verifier: replies sent whole, through slow readers, with back-pressure; and the checks of steps 01 to 03, still holding. */
@DisplayName("Step 04 · waiting to send")
@ExtendWith(LearnerCode.class)
class Step04Verifier {

    @Nested
    @DisplayName("big replies to a slow reader")
    class SendWait extends Step04Checks.SendWait {}

    @Nested
    @DisplayName("back-pressure")
    class BackPressure extends Step04Checks.BackPressure {}

    @Nested
    @DisplayName("still true from step 03: echo")
    class Step03Echo extends Step03Checks.Echo {}

    @Nested
    @DisplayName("still true from step 03: clients that go away")
    class Step03Failures extends Step03Checks.Failures {}

    @Nested
    @DisplayName("still true from step 03: a task that fails")
    class Step03FailingTasks extends Step03Checks.FailingTasks {}

    @Nested
    @DisplayName("still true from step 03: a burst of clients")
    class Step03Burst extends Step03Checks.Burst {}

    @Nested
    @DisplayName("still true from step 02: waiting for a channel")
    class Step02Waiting extends Step02Checks.Waiting {}

    @Nested
    @DisplayName("still true from step 02: what a task may yield")
    class Step02Reasons extends Step02Checks.Reasons {}

    @Nested
    @DisplayName("still true from step 02: the reader and writer tasks")
    class Step02Pipes extends Step02Checks.Pipes {}

    @Nested
    @DisplayName("still true from step 01: countdown and countup")
    class Step01Generators extends Step01Checks.Generators {}

    @Nested
    @DisplayName("still true from step 01: the run loop")
    class Step01RunLoop extends Step01Checks.RunLoop {}
}
