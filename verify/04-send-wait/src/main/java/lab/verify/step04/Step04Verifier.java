package lab.verify.step04;

import lab.verify.LearnerCode;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 04's verifier: replies sent whole, through slow readers, with back-pressure; a server out of descriptors;
 * and step 03's network checks, still holding. Not carried: the checks of steps 01 and 02 and of a failing task, which test the scheduler and the
 * tasks that step 04 hands out complete (a check uses the lab's own copy, so they could not fail here).
 */
@ExtendWith(LearnerCode.class)
class Step04Verifier {

    @Nested class SendWait extends Step04Checks.SendWait {}
    @Nested class BackPressure extends Step04Checks.BackPressure {}
    @Nested class OutOfDescriptors extends Step04Checks.OutOfDescriptors {}
    @Nested class Step03Echo extends Step03Checks.Echo {}
    @Nested class Step03Failures extends Step03Checks.Failures {}
    @Nested class Step03Burst extends Step03Checks.Burst {}
}
