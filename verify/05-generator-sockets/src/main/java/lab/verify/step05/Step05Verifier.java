package lab.verify.step05;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import lab.verify.step02.Step02Checks;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 05's verifier: the network proofs of steps 03 and 04 again, now through GenSocket, with no yield left in
 * the handlers; and the checks of steps 01 and 02, still holding.
 */
@DisplayName("Step 05 · generator sockets")
@ExtendWith(LearnerCode.class)
class Step05Verifier {

    @Nested
    @DisplayName("handlers without yields")
    class NoYieldInHandlers extends Step05Checks.NoYieldInHandlers {}

    @Nested
    @DisplayName("through GenSocket: echo")
    class Echo extends Step03Checks.Echo {}

    @Nested
    @DisplayName("through GenSocket: clients that go away")
    class Failures extends Step03Checks.Failures {}

    @Nested
    @DisplayName("still true from step 03: a task that fails")
    class FailingTasks extends Step03Checks.FailingTasks {}

    @Nested
    @DisplayName("through GenSocket: a burst of clients")
    class Burst extends Step03Checks.Burst {}

    @Nested
    @DisplayName("through GenSocket: big replies to a slow reader")
    class SendWait extends Step04Checks.SendWait {}

    @Nested
    @DisplayName("through GenSocket: back-pressure")
    class BackPressure extends Step04Checks.BackPressure {}

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
