package lab.verify.step05;

import lab.verify.LearnerCode;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 05's verifier: the network proofs of steps 03 and 04 again, now through GenSocket, with no yield left in
 * the handlers. Not carried: the checks of steps 01 and 02 and of a failing task, which test the scheduler and the
 * tasks that step 05 hands out complete (a check uses the lab's own copy, so they could not fail here).
 */
@ExtendWith(LearnerCode.class)
class Step05Verifier {

    @Nested class NoYieldInHandlers extends Step05Checks.NoYieldInHandlers {}
    @Nested class Echo extends Step03Checks.Echo {}
    @Nested class Failures extends Step03Checks.Failures {}
    @Nested class Burst extends Step03Checks.Burst {}
    @Nested class SendWait extends Step04Checks.SendWait {}
    @Nested class BackPressure extends Step04Checks.BackPressure {}
    @Nested class OutOfDescriptors extends Step04Checks.OutOfDescriptors {}
    @Nested class NeverPauses extends Step05Checks.NeverPauses {}
}
