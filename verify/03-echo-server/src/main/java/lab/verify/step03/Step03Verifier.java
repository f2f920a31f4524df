package lab.verify.step03;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import lab.verify.step02.Step02Checks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 03's verifier: an echo server on real loopback sockets, on one thread; and the checks of steps 01 and 02 on the
 * scheduler, still holding. Not carried: countdown, countup and the pipe tasks, which step 03 hands out complete (a
 * check uses the lab's own copy, so those checks could not fail here).
 */
@ExtendWith(LearnerCode.class)
class Step03Verifier {

    @Nested class Echo extends Step03Checks.Echo {}
    @Nested class Failures extends Step03Checks.Failures {}
    @Nested class FailingTasks extends Step03Checks.FailingTasks {}
    @Nested class Burst extends Step03Checks.Burst {}
    @Nested class Step02Waiting extends Step02Checks.Waiting {}
    @Nested class Step02Bookkeeping extends Step02Checks.Bookkeeping {}
    @Nested class Step02Reasons extends Step02Checks.Reasons {}
    @Nested class Step01RunLoop extends Step01Checks.RunLoop {}
}
